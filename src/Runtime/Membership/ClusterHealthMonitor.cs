using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.Membership;

/// <summary>
/// Failure detection: every probe interval this silo probes the next few live silos after itself on a ring of the
/// table's live members (so every silo is watched by several others), counts misses in a row, and votes a silo dead
/// once it has missed too many.
/// </summary>
internal sealed class ClusterHealthMonitor(
    ClusterMembershipService view,
    MembershipTableManager manager,
    ISiloControlChannel channel,
    IOptions<ClusterMembershipOptions> options,
    TimeProvider timeProvider,
    ILogger<ClusterHealthMonitor> logger)
{
    private readonly ClusterMembershipOptions _options = options.Value;
    private readonly Dictionary<SiloAddress, int> _missedProbes = [];
    private long _completedRounds;

    /// <summary>Probe rounds finished so far (tests wait on it when they drive time by hand).</summary>
    public long CompletedRounds => Interlocked.Read(ref _completedRounds);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.ProbeInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await ProbeOnceAsync(cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _completedRounds);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The silos this one probes: its successors on the ring of live members, at most NumProbedSilos of them.</summary>
    public static IReadOnlyList<SiloAddress> SelectTargets(ClusterMembershipSnapshot snapshot, SiloAddress self, int count)
    {
        var ring = snapshot.Members.Values
            .Where(member => member.Status != MembershipStatus.Dead)
            .Select(member => member.Address)
            .OrderBy(address => address.Host, StringComparer.Ordinal)
            .ThenBy(address => address.Port)
            .ThenBy(address => address.Generation)
            .ToList();
        var position = ring.IndexOf(self);
        if (position < 0)
        {
            return [];
        }

        return Enumerable.Range(1, Math.Min(count, ring.Count - 1)).Select(step => ring[(position + step) % ring.Count]).ToList();
    }

    private async Task ProbeOnceAsync(CancellationToken cancellationToken)
    {
        var targets = SelectTargets(view.CurrentSnapshot, manager.Self, _options.NumProbedSilos);
        foreach (var gone in _missedProbes.Keys.Except(targets).ToList())
        {
            _missedProbes.Remove(gone);
        }

        var failures = await Task.WhenAll(targets.Select(target => TryProbeAsync(target, cancellationToken))).ConfigureAwait(false);
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            if (failures[i] is null)
            {
                _missedProbes[target] = 0;
                continue;
            }

            var missed = _missedProbes[target] = _missedProbes.GetValueOrDefault(target) + 1;
            logger.ProbeFailed(failures[i]!, target, missed);
            if (missed >= _options.NumMissedProbesLimit)
            {
                // Every further miss votes again, which refreshes this silo's vote until the target is declared Dead.
                try
                {
                    await manager.SuspectOrKillAsync(target, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    logger.VoteFailed(exception, target);
                }
            }
        }
    }

    /// <summary>Null if <paramref name="target"/> answered within the probe timeout, else why not.</summary>
    public async Task<Exception?> TryProbeAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        try
        {
            await channel.ProbeAsync(target, _options.ProbeTimeout, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return exception;
        }
    }
}
