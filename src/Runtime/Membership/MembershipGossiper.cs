using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.Membership;

/// <summary>
/// Tells the other silos that the table changed, so they re-read it at once instead of at their next periodic refresh.
/// Best effort: a notification that is lost only delays the news until that refresh.
/// </summary>
internal sealed class MembershipGossiper(
    ISiloControlChannel channel,
    ILocalSiloDetails localSilo,
    IOptions<ClusterMembershipOptions> options,
    TimeProvider timeProvider,
    ILogger<MembershipGossiper> logger)
{
    private readonly TimeSpan _timeout = options.Value.ProbeTimeout;

    /// <summary>
    /// Notifies every silo of <paramref name="snapshot"/> that is not Dead, plus <paramref name="alsoNotify"/> (a silo
    /// just declared Dead, so that it learns it and stops). The task completes when every notification has been
    /// answered or has failed; it never faults.
    /// </summary>
    public Task NotifyAsync(ClusterMembershipSnapshot snapshot, SiloAddress? alsoNotify = null)
    {
        var self = localSilo.SiloAddress;
        var targets = snapshot.Members.Values
            .Where(member => member.Status != MembershipStatus.Dead && member.Address != self)
            .Select(member => member.Address)
            .ToHashSet();
        if (alsoNotify is { } extra && extra != self)
        {
            targets.Add(extra);
        }

        return targets.Count == 0 ? Task.CompletedTask : Task.WhenAll(targets.Select(target => NotifyOneAsync(target, snapshot.Version)));
    }

    private async Task NotifyOneAsync(SiloAddress target, long version)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_timeout, timeProvider);
            await channel.NotifyMembershipChangedAsync(target, version, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            logger.NotifyFailed(exception, target);
        }
    }
}
