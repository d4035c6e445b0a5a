using System.Text;
using Microsoft.Extensions.Options;
using OrleansAuth.Hosting.Silo;

namespace OrleansAuth.Hosting.Events;

internal sealed class EventsOptionsValidator : IValidateOptions<EventsOptions>
{
    /// <summary>An HMAC-SHA256 key shorter than the hash output weakens the signature.</summary>
    public const int MinSecretBytes = 32;

    // Polly's own lower bound for circuit breaker durations.
    private static readonly TimeSpan s_breakerMinimumDuration = TimeSpan.FromMilliseconds(500);

    public ValidateOptionsResult Validate(string? name, EventsOptions options)
    {
        var failures = new OptionsFailures(EventsOptions.SectionName);
        if (options.WebhookUrl is { } url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"{Key(nameof(options.WebhookUrl))} must be an absolute http or https URL.");
            }

            if (string.IsNullOrEmpty(options.WebhookSecret))
            {
                failures.Add($"{Key(nameof(options.WebhookSecret))} is required when {Key(nameof(options.WebhookUrl))} is set.");
            }
            else if (Encoding.UTF8.GetByteCount(options.WebhookSecret) < MinSecretBytes)
            {
                // The length only: a secret never appears in a message.
                failures.Add($"{Key(nameof(options.WebhookSecret))} must be at least {MinSecretBytes} bytes (UTF-8).");
            }
        }

        failures.RequirePositive(nameof(options.RequestTimeout), options.RequestTimeout);
        failures.RequirePositive(nameof(options.PollInterval), options.PollInterval);
        failures.RequirePositive(nameof(options.MinRetryDelay), options.MinRetryDelay);
        failures.RequirePositive(nameof(options.LeaseDuration), options.LeaseDuration);
        RequireBetween(failures, nameof(options.BatchSize), options.BatchSize, 1, 1000);
        RequireBetween(failures, nameof(options.MaxConcurrentDeliveries), options.MaxConcurrentDeliveries, 1, 64);
        failures.RequireAtLeast(nameof(options.BreakerMinimumThroughput), options.BreakerMinimumThroughput, 2);
        if (options.MaxRetryDelay < options.MinRetryDelay)
        {
            failures.Add($"{Key(nameof(options.MaxRetryDelay))} must be at least {Key(nameof(options.MinRetryDelay))} (was {options.MaxRetryDelay} < {options.MinRetryDelay}).");
        }

        if (options.LeaseDuration < 2 * options.RequestTimeout)
        {
            // A delivery starts only while the lease outlasts its timeout; a shorter lease could never deliver.
            failures.Add($"{Key(nameof(options.LeaseDuration))} must be at least twice {Key(nameof(options.RequestTimeout))} (was {options.LeaseDuration}).");
        }

        if (options.LeaseDuration <= options.PollInterval)
        {
            failures.Add($"{Key(nameof(options.LeaseDuration))} must be longer than {Key(nameof(options.PollInterval))} (was {options.LeaseDuration}).");
        }

        if (!(options.BreakerFailureRatio is > 0 and <= 1))
        {
            failures.Add($"{Key(nameof(options.BreakerFailureRatio))} must be greater than 0 and at most 1 (was {options.BreakerFailureRatio}).");
        }

        foreach (var (key, value) in new[] { (nameof(options.BreakerSamplingDuration), options.BreakerSamplingDuration), (nameof(options.BreakerBreakDuration), options.BreakerBreakDuration) })
        {
            if (value < s_breakerMinimumDuration)
            {
                failures.Add($"{Key(key)} must be at least {s_breakerMinimumDuration} (was {value}).");
            }
        }

        return failures.Result();
    }

    private static void RequireBetween(OptionsFailures failures, string key, int value, int minimum, int maximum)
    {
        if (value < minimum || value > maximum)
        {
            failures.Add($"{Key(key)} must be between {minimum} and {maximum} (was {value}).");
        }
    }

    private static string Key(string property) => $"{EventsOptions.SectionName}:{property}";
}
