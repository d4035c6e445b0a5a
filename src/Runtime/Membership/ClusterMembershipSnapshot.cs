using System.Collections.Immutable;
using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.Membership;

/// <summary>
/// The membership table as of one table version: an immutable view. A higher <see cref="Version"/> is a newer view;
/// two snapshots with the same version describe the same rows (apart from heartbeat times, which are not versioned).
/// </summary>
public sealed class ClusterMembershipSnapshot
{
    public ClusterMembershipSnapshot(long version, IEnumerable<ClusterMember> members)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        ArgumentNullException.ThrowIfNull(members);
        Version = version;
        Members = members.ToImmutableDictionary(member => member.Address);

        // Ordered by identity so every node that reads the same version sees the same list (the placement ring and
        // the probe ring depend on it).
        ActiveMembers = Members.Values
            .Where(member => member.Status == MembershipStatus.Active)
            .OrderBy(member => member.Address.Host, StringComparer.Ordinal)
            .ThenBy(member => member.Address.Port)
            .ThenBy(member => member.Address.Generation)
            .ToImmutableArray();
    }

    /// <summary>Nothing read yet: version 0, no members.</summary>
    public static ClusterMembershipSnapshot Empty { get; } = new(0, []);

    /// <summary>The membership table version; it grows by one with every change.</summary>
    public long Version { get; }

    /// <summary>Every row of the cluster, Dead ones included until they are cleaned up.</summary>
    public ImmutableDictionary<SiloAddress, ClusterMember> Members { get; }

    /// <summary>The members that own grains, in a stable order.</summary>
    public ImmutableArray<ClusterMember> ActiveMembers { get; }

    /// <summary>The status of <paramref name="silo"/>, or null if the table has no such identity.</summary>
    public MembershipStatus? GetStatus(SiloAddress silo) => Members.TryGetValue(silo, out var member) ? member.Status : null;

    /// <summary>This snapshot with <paramref name="member"/> added or replaced, at <paramref name="version"/>.</summary>
    internal ClusterMembershipSnapshot With(ClusterMember member, long version) =>
        new(version, Members.SetItem(member.Address, member).Values);

    public override string ToString() =>
        $"v{Version}: " + string.Join(", ", Members.Values.OrderBy(m => m.Address.ToString(), StringComparer.Ordinal).Select(m => $"{m.Address} {m.Status}"));
}
