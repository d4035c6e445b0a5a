using Microsoft.Extensions.Options;
using OrleansAuth.Runtime.Hosting;

namespace OrleansAuth.Runtime.Membership;

internal sealed class ClusterMembershipOptionsValidator : IValidateOptions<ClusterMembershipOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterMembershipOptions options)
    {
        var failures = new OptionsFailures(ClusterMembershipOptions.SectionName);
        failures.RequirePositive(nameof(options.ProbeInterval), options.ProbeInterval);
        failures.RequirePositive(nameof(options.ProbeTimeout), options.ProbeTimeout);
        failures.RequirePositive(nameof(options.DeathVoteExpiration), options.DeathVoteExpiration);
        failures.RequirePositive(nameof(options.IAmAliveInterval), options.IAmAliveInterval);
        failures.RequirePositive(nameof(options.TableRefreshInterval), options.TableRefreshInterval);
        failures.RequirePositive(nameof(options.MaxJoinAttemptTime), options.MaxJoinAttemptTime);
        failures.RequirePositive(nameof(options.DefunctSiloCleanupAge), options.DefunctSiloCleanupAge);
        failures.RequirePositive(nameof(options.DefunctSiloCleanupInterval), options.DefunctSiloCleanupInterval);
        failures.RequireAtLeast(nameof(options.NumMissedProbesLimit), options.NumMissedProbesLimit, 1);
        failures.RequireAtLeast(nameof(options.NumProbedSilos), options.NumProbedSilos, 1);
        failures.RequireAtLeast(nameof(options.NumVotesForDeathDeclaration), options.NumVotesForDeathDeclaration, 1);
        failures.RequireAtLeast(nameof(options.NumMissedIAmAlivesLimit), options.NumMissedIAmAlivesLimit, 1);

        // A prober votes after NumMissedProbesLimit rounds of ProbeInterval + ProbeTimeout; if votes expired sooner,
        // the second voter's vote could never meet the first one's.
        var round = options.ProbeInterval + options.ProbeTimeout;
        if (options.ProbeInterval > TimeSpan.Zero && options.ProbeTimeout > TimeSpan.Zero && options.NumMissedProbesLimit >= 1
            && options.DeathVoteExpiration <= round * options.NumMissedProbesLimit)
        {
            failures.Add(
                $"{ClusterMembershipOptions.SectionName}:{nameof(options.DeathVoteExpiration)} ({options.DeathVoteExpiration}) must be longer than "
                + $"{nameof(options.NumMissedProbesLimit)} rounds of {nameof(options.ProbeInterval)} + {nameof(options.ProbeTimeout)} ({round * options.NumMissedProbesLimit}).");
        }

        return failures.Result();
    }
}
