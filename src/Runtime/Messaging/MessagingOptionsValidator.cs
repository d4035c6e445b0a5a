using Microsoft.Extensions.Options;
using OrleansAuth.Runtime.Hosting;

namespace OrleansAuth.Runtime.Messaging;

internal sealed class MessagingOptionsValidator : IValidateOptions<MessagingOptions>
{
    public ValidateOptionsResult Validate(string? name, MessagingOptions options)
    {
        var failures = new OptionsFailures(MessagingOptions.SectionName);
        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add("Cluster:ClusterId must not be empty.");
        }

        if (options.ConnectionsPerSilo is < 1 or > 16)
        {
            failures.Add($"{MessagingOptions.SectionName}:{nameof(options.ConnectionsPerSilo)} must be between 1 and 16 (was {options.ConnectionsPerSilo}).");
        }

        if (options.MaxMessageSize is < 1024 or > 256 * 1024 * 1024)
        {
            failures.Add($"{MessagingOptions.SectionName}:{nameof(options.MaxMessageSize)} must be between 1 KiB and 256 MiB (was {options.MaxMessageSize}).");
        }

        failures.RequirePositive(nameof(options.ConnectTimeout), options.ConnectTimeout);
        failures.RequirePositive(nameof(options.ReconnectDelay), options.ReconnectDelay);
        failures.RequirePositive(nameof(options.MaxReconnectDelay), options.MaxReconnectDelay);
        failures.RequirePositive(nameof(options.ResponseTimeoutCheckPeriod), options.ResponseTimeoutCheckPeriod);
        failures.RequirePositive(nameof(options.ShutdownDrainTimeout), options.ShutdownDrainTimeout);
        return failures.Result();
    }
}
