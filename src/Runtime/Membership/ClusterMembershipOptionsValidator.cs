using Microsoft.Extensions.Options;

namespace OrleansAuth.Runtime.Membership;

internal sealed class ClusterMembershipOptionsValidator : IValidateOptions<ClusterMembershipOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterMembershipOptions options)
    {
        var failures = new List<string>();
        RequirePositive(failures, nameof(options.ProbeInterval), options.ProbeInterval);
        RequirePositive(failures, nameof(options.ProbeTimeout), options.ProbeTimeout);
        RequirePositive(failures, nameof(options.DeathVoteExpiration), options.DeathVoteExpiration);
        RequirePositive(failures, nameof(options.IAmAliveInterval), options.IAmAliveInterval);
        RequirePositive(failures, nameof(options.TableRefreshInterval), options.TableRefreshInterval);
        RequirePositive(failures, nameof(options.MaxJoinAttemptTime), options.MaxJoinAttemptTime);
        RequirePositive(failures, nameof(options.DefunctSiloCleanupAge), options.DefunctSiloCleanupAge);
        RequirePositive(failures, nameof(options.DefunctSiloCleanupInterval), options.DefunctSiloCleanupInterval);
        RequireAtLeastOne(failures, nameof(options.NumMissedProbesLimit), options.NumMissedProbesLimit);
        RequireAtLeastOne(failures, nameof(options.NumProbedSilos), options.NumProbedSilos);
        RequireAtLeastOne(failures, nameof(options.NumVotesForDeathDeclaration), options.NumVotesForDeathDeclaration);
        RequireAtLeastOne(failures, nameof(options.NumMissedIAmAlivesLimit), options.NumMissedIAmAlivesLimit);

        // Votes are cast at least a probe round apart; if they expired sooner, no silo could ever gather enough.
        var round = options.ProbeInterval + options.ProbeTimeout;
        if (options.ProbeInterval > TimeSpan.Zero && options.ProbeTimeout > TimeSpan.Zero && options.DeathVoteExpiration <= round * options.NumMissedProbesLimit)
        {
            failures.Add(
                $"{ClusterMembershipOptions.SectionName}:{nameof(options.DeathVoteExpiration)} ({options.DeathVoteExpiration}) must be longer than "
                + $"{nameof(options.NumMissedProbesLimit)} probe rounds of {nameof(options.ProbeInterval)} + {nameof(options.ProbeTimeout)} ({round * options.NumMissedProbesLimit}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequirePositive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{ClusterMembershipOptions.SectionName}:{key} must be a positive duration (was {value}).");
        }
    }

    private static void RequireAtLeastOne(List<string> failures, string key, int value)
    {
        if (value < 1)
        {
            failures.Add($"{ClusterMembershipOptions.SectionName}:{key} must be at least 1 (was {value}).");
        }
    }
}
