using Microsoft.Extensions.Options;

namespace OrleansAuth.Runtime.Client;

internal sealed class ClusterClientOptionsValidator : IValidateOptions<ClusterClientOptions>
{
    // Polly's own lower bounds for its circuit breaker options.
    private static readonly TimeSpan s_breakerMinimumDuration = TimeSpan.FromMilliseconds(500);

    public ValidateOptionsResult Validate(string? name, ClusterClientOptions options)
    {
        var failures = new List<string>();
        if (options.Name is { } clientName && (string.IsNullOrWhiteSpace(clientName) || clientName.Length > 200))
        {
            failures.Add($"{Key(nameof(options.Name))} must be 1 to 200 non-blank characters when set.");
        }

        RequireAtLeast(failures, nameof(options.ViewRefreshInterval), options.ViewRefreshInterval, TimeSpan.FromMilliseconds(1));
        RequireAtLeast(failures, nameof(options.MinViewRefreshInterval), options.MinViewRefreshInterval, TimeSpan.Zero);
        RequireAtLeast(failures, nameof(options.RetryDelay), options.RetryDelay, TimeSpan.Zero);
        RequireAtLeast(failures, nameof(options.FailoverWait), options.FailoverWait, TimeSpan.Zero);
        RequireAtLeast(failures, nameof(options.BreakerSamplingDuration), options.BreakerSamplingDuration, s_breakerMinimumDuration);
        RequireAtLeast(failures, nameof(options.BreakerBreakDuration), options.BreakerBreakDuration, s_breakerMinimumDuration);
        if (options.MinViewRefreshInterval > options.ViewRefreshInterval)
        {
            failures.Add($"{Key(nameof(options.MinViewRefreshInterval))} must not exceed {Key(nameof(options.ViewRefreshInterval))} (was {options.MinViewRefreshInterval} > {options.ViewRefreshInterval}).");
        }

        if (options.MaxSendAttempts is < 1 or > 10)
        {
            failures.Add($"{Key(nameof(options.MaxSendAttempts))} must be between 1 and 10 (was {options.MaxSendAttempts}).");
        }

        if (!(options.BreakerFailureRatio is > 0 and <= 1))
        {
            failures.Add($"{Key(nameof(options.BreakerFailureRatio))} must be greater than 0 and at most 1 (was {options.BreakerFailureRatio}).");
        }

        if (options.BreakerMinimumThroughput < 2)
        {
            failures.Add($"{Key(nameof(options.BreakerMinimumThroughput))} must be at least 2 (was {options.BreakerMinimumThroughput}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequireAtLeast(List<string> failures, string key, TimeSpan value, TimeSpan minimum)
    {
        if (value < minimum)
        {
            failures.Add($"{Key(key)} must be at least {minimum} (was {value}).");
        }
    }

    private static string Key(string property) => $"{ClusterClientOptions.SectionName}:{property}";
}
