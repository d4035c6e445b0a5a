using Microsoft.Extensions.Options;

namespace OrleansAuth.Runtime.Messaging;

internal sealed class MessagingOptionsValidator : IValidateOptions<MessagingOptions>
{
    public ValidateOptionsResult Validate(string? name, MessagingOptions options)
    {
        var failures = new List<string>();
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

        RequirePositive(failures, nameof(options.ConnectTimeout), options.ConnectTimeout);
        RequirePositive(failures, nameof(options.ReconnectDelay), options.ReconnectDelay);
        RequirePositive(failures, nameof(options.MaxReconnectDelay), options.MaxReconnectDelay);
        RequirePositive(failures, nameof(options.ResponseTimeoutCheckPeriod), options.ResponseTimeoutCheckPeriod);
        RequirePositive(failures, nameof(options.ShutdownDrainTimeout), options.ShutdownDrainTimeout);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequirePositive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{MessagingOptions.SectionName}:{key} must be a positive duration (was {value}).");
        }
    }
}
