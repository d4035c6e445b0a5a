using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Membership.Table;

namespace OrleansAuth.Runtime.Membership;

/// <summary>
/// Every membership write of this silo: its own row (join, status changes) and its suspicion votes on others. Each
/// write reads the table, decides on that snapshot, and writes conditionally on its version; a lost race re-reads and
/// decides again, so a decision is never made on a stale view. After a write the new view is published here and the
/// other silos are notified.
/// </summary>
internal sealed class MembershipTableManager(
    IMembershipTable table,
    ClusterMembershipService view,
    MembershipGossiper gossiper,
    ILocalSiloDetails localSilo,
    IOptions<ClusterMembershipOptions> options,
    TimeProvider timeProvider,
    ILogger<MembershipTableManager> logger)
{
    // A lost race means another writer made progress; this many in a row means something is badly wrong.
    private const int MaxAttempts = 100;

    private readonly ClusterMembershipOptions _options = options.Value;

    public SiloAddress Self => localSilo.SiloAddress;

    /// <summary>The last notifications sent; shutdown waits for them so the others learn of a leave at once.</summary>
    public Task LastNotification { get; private set; } = Task.CompletedTask;

    /// <summary>Writes this silo's row as Joining; false if the identity already has a row.</summary>
    public async Task<bool> InsertSelfAsync(DateTimeOffset startTime, CancellationToken cancellationToken)
    {
        var written = await WriteAsync(
            (snapshot, now) => snapshot.Members.ContainsKey(Self)
                ? null
                : new Change(new ClusterMember(Self, localSilo.Name, MembershipStatus.Joining, startTime, now, []), Insert: true),
            cancellationToken).ConfigureAwait(false);
        return written is not null;
    }

    /// <summary>
    /// Moves this silo's row forward to <paramref name="status"/>. Never moves it back, and never out of Dead: returns
    /// the status the row has afterwards (Dead if the others declared it so meanwhile).
    /// </summary>
    public async Task<MembershipStatus?> SetSelfStatusAsync(MembershipStatus status, CancellationToken cancellationToken)
    {
        MembershipStatus? after = null;
        await WriteAsync(
            (snapshot, now) =>
            {
                if (!snapshot.Members.TryGetValue(Self, out var self))
                {
                    after = null;
                    return null;
                }

                after = self.Status;
                if (self.Status >= status)
                {
                    return null;
                }

                after = status;
                return new Change(self with { Status = status, IAmAliveTime = now }, Insert: false);
            },
            cancellationToken).ConfigureAwait(false);
        if (after == status)
        {
            logger.LocalStatusWritten(Self, localSilo.Name, status, view.CurrentSnapshot.Version);
        }

        return after;
    }

    /// <summary>Declares <paramref name="silo"/> Dead outright (an older process of this endpoint, which cannot be alive).</summary>
    public Task DeclareDeadAsync(SiloAddress silo, CancellationToken cancellationToken) =>
        WriteAsync(
            (snapshot, now) => snapshot.Members.TryGetValue(silo, out var member) && member.Status != MembershipStatus.Dead
                ? new Change(member with { Status = MembershipStatus.Dead, Suspicions = member.Suspicions.Add(new SuspicionVote(Self, now)) }, Insert: false)
                : null,
            cancellationToken,
            notifyAlso: silo);

    /// <summary>
    /// Votes that <paramref name="target"/> is dead, after it missed enough probes. If that makes enough fresh votes,
    /// the same write declares it Dead. Only an Active silo votes.
    /// </summary>
    public Task SuspectOrKillAsync(SiloAddress target, CancellationToken cancellationToken) =>
        WriteAsync((snapshot, now) => DecideVote(snapshot, target, now), cancellationToken, notifyAlso: target);

    private Change? DecideVote(ClusterMembershipSnapshot snapshot, SiloAddress target, DateTimeOffset now)
    {
        if (snapshot.GetStatus(Self) != MembershipStatus.Active
            || !snapshot.Members.TryGetValue(target, out var suspect)
            || suspect.Status == MembershipStatus.Dead)
        {
            return null;
        }

        var votes = suspect.FreshSuspicions(now, _options.DeathVoteExpiration)
            .Where(vote => vote.Voter != Self)
            .Append(new SuspicionVote(Self, now))
            .ToImmutableArray();

        // Silos that stopped heartbeating cannot vote, so they do not raise the bar: in a small cluster a dead member
        // must still be evictable by the survivors. (Orleans caps the same way.)
        var activeSilos = snapshot.Members.Values.Count(m => m.Status == MembershipStatus.Active && now - m.IAmAliveTime <= _options.AllowedIAmAliveMissPeriod);
        var required = Math.Max(1, Math.Min(_options.NumVotesForDeathDeclaration, (activeSilos + 1) / 2));
        return votes.Length >= required
            ? new Change(suspect with { Status = MembershipStatus.Dead, Suspicions = votes }, Insert: false, () => logger.DeclaredDead(target, votes.Length, required, activeSilos))
            : new Change(suspect with { Suspicions = votes }, Insert: false, () => logger.VotedDead(target, votes.Length, required));
    }

    /// <summary>Read, decide, write conditionally; on a lost race start again. Returns the row written, or null if there was nothing to do.</summary>
    private async Task<ClusterMember?> WriteAsync(Func<ClusterMembershipSnapshot, DateTimeOffset, Change?> decide, CancellationToken cancellationToken, SiloAddress? notifyAlso = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var snapshot = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            view.TryPublish(snapshot);
            if (decide(snapshot, timeProvider.GetUtcNow()) is not { } change)
            {
                return null;
            }

            var written = change.Insert
                ? await table.TryInsertAsync(change.Member, snapshot.Version, cancellationToken).ConfigureAwait(false)
                : await table.TryUpdateAsync(change.Member, snapshot.Version, cancellationToken).ConfigureAwait(false);
            if (written)
            {
                // The table at version + 1 is exactly the snapshot read plus this row: the version check guaranteed it.
                var updated = snapshot.With(change.Member, snapshot.Version + 1);
                view.TryPublish(updated);
                change.OnWritten?.Invoke();
                LastNotification = gossiper.NotifyAsync(updated, notifyAlso);
                return change.Member;
            }

            logger.LostWriteRace(snapshot.Version, attempt);
            if (attempt == MaxAttempts)
            {
                throw new InvalidOperationException($"Membership write of {change.Member.Address} lost {MaxAttempts} races in a row on the membership table.");
            }
        }
    }

    private sealed record Change(ClusterMember Member, bool Insert, Action? OnWritten = null);
}
