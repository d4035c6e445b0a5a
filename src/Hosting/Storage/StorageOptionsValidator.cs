using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using OrleansAuth.Hosting.Storage.Database;

namespace OrleansAuth.Hosting.Storage;

/// <summary>Fails start with messages that name the configuration key to fix.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    // Polly's own lower bound for its circuit breaker durations.
    private static readonly TimeSpan s_breakerMinimumDuration = TimeSpan.FromMilliseconds(500);

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        var sqlite = AuthDatabaseFactory.IsSqlite(options.Provider);
        var postgres = AuthDatabaseFactory.IsPostgres(options.Provider);
        if (!sqlite && !postgres)
        {
            failures.Add($"Storage:Provider must be '{StorageOptions.SqliteProvider}' or '{StorageOptions.PostgresProvider}' (was '{options.Provider}').");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("ConnectionStrings:AuthDb must not be empty.");
        }
        else if (sqlite || postgres)
        {
            try
            {
                // Parse now so a typo fails start rather than the first request.
                _ = sqlite
                    ? new SqliteConnectionStringBuilder(options.ConnectionString).ConnectionString
                    : new NpgsqlConnectionStringBuilder(options.ConnectionString).ConnectionString;
            }
            catch (ArgumentException exception)
            {
                failures.Add($"ConnectionStrings:AuthDb is not a valid {options.Provider} connection string: {exception.Message}");
            }
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add("Cluster:ClusterId must not be empty.");
        }
        else if (GrainStorageKeys.Describe(options.ClusterId, GrainStorageKeys.MaxNameBytes) is { } problem)
        {
            failures.Add($"Cluster:ClusterId {problem}.");
        }

        RequireWholeSeconds(failures, nameof(options.ConnectTimeout), options.ConnectTimeout, 60);
        RequireWholeSeconds(failures, nameof(options.CommandTimeout), options.CommandTimeout, 600);
        RequireBetween(failures, nameof(options.HealthCheckTimeout), options.HealthCheckTimeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(30));
        RequireBetween(failures, nameof(options.BreakerSamplingDuration), options.BreakerSamplingDuration, s_breakerMinimumDuration, TimeSpan.FromDays(1));
        RequireBetween(failures, nameof(options.BreakerBreakDuration), options.BreakerBreakDuration, s_breakerMinimumDuration, TimeSpan.FromDays(1));
        if (!(options.BreakerFailureRatio is > 0 and <= 1))
        {
            failures.Add($"Storage:{nameof(options.BreakerFailureRatio)} must be greater than 0 and at most 1 (was {options.BreakerFailureRatio}).");
        }

        if (options.BreakerMinimumThroughput < 2)
        {
            failures.Add($"Storage:{nameof(options.BreakerMinimumThroughput)} must be at least 2 (was {options.BreakerMinimumThroughput}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Npgsql takes its timeouts in whole seconds; a fraction would be silently rounded.
    private static void RequireWholeSeconds(List<string> failures, string key, TimeSpan value, int maximumSeconds)
    {
        if (value.Ticks % TimeSpan.TicksPerSecond != 0 || value < TimeSpan.FromSeconds(1) || value > TimeSpan.FromSeconds(maximumSeconds))
        {
            failures.Add($"Storage:{key} must be a whole number of seconds from 1 to {maximumSeconds} (was {value}).");
        }
    }

    private static void RequireBetween(List<string> failures, string key, TimeSpan value, TimeSpan minimum, TimeSpan maximum)
    {
        if (value < minimum || value > maximum)
        {
            failures.Add($"Storage:{key} must be from {minimum} to {maximum} (was {value}).");
        }
    }
}
