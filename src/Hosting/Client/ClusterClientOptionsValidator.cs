using Microsoft.Extensions.Options;
using OrleansAuth.Hosting.Silo;

namespace OrleansAuth.Hosting.Client;

internal sealed class ClusterClientOptionsValidator : IValidateOptions<ClusterClientOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterClientOptions options)
    {
        var failures = new OptionsFailures(ClusterClientOptions.SectionName);
        failures.RequirePositive(nameof(options.GatewayListRefreshPeriod), options.GatewayListRefreshPeriod);
        failures.RequirePositive(nameof(options.RetryDelay), options.RetryDelay);
        failures.RequirePositive(nameof(options.ResponseTimeout), options.ResponseTimeout);
        if (options.FailoverWait < TimeSpan.Zero)
        {
            failures.Add($"ClusterClient:FailoverWait must not be negative (was {options.FailoverWait}).");
        }

        return failures.Result();
    }
}
