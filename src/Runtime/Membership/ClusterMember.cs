using System.Collections.Immutable;
using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.Membership;

/// <summary>One silo identity's row in the membership table.</summary>
/// <param name="Address">The silo's identity: advertised endpoint and generation.</param>
/// <param name="Name">Display name (<c>Silo:Name</c>).</param>
/// <param name="Status">Where it is in its life.</param>
/// <param name="StartTime">When the process started.</param>
/// <param name="IAmAliveTime">Its last heartbeat written to the table.</param>
/// <param name="Suspicions">Votes that it is dead, oldest first (expired votes may still be listed).</param>
public sealed record ClusterMember(
    SiloAddress Address,
    string Name,
    MembershipStatus Status,
    DateTimeOffset StartTime,
    DateTimeOffset IAmAliveTime,
    ImmutableArray<SuspicionVote> Suspicions)
{
    /// <summary>Votes cast less than <paramref name="expiration"/> before <paramref name="now"/>.</summary>
    public ImmutableArray<SuspicionVote> FreshSuspicions(DateTimeOffset now, TimeSpan expiration) =>
        Suspicions.IsDefaultOrEmpty ? [] : Suspicions.Where(vote => now - vote.Time < expiration).ToImmutableArray();

    // ImmutableArray compares by reference; two rows with the same votes are the same row.
    public bool Equals(ClusterMember? other) =>
        other is not null
        && Address == other.Address
        && Name == other.Name
        && Status == other.Status
        && StartTime == other.StartTime
        && IAmAliveTime == other.IAmAliveTime
        && Suspicions.AsSpan().SequenceEqual(other.Suspicions.AsSpan());

    public override int GetHashCode() => HashCode.Combine(Address, Status, IAmAliveTime);

    public override string ToString() => $"{Address} ({Name}) {Status}";
}
