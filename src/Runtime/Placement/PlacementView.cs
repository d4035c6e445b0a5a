using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Membership;

namespace OrleansAuth.Runtime.Placement;

/// <summary>One membership view and the consistent-hash ring over its Active members.</summary>
internal sealed class PlacementView
{
    private readonly ConsistentHashRing _ring;

    public PlacementView(ClusterMembershipSnapshot snapshot)
    {
        Snapshot = snapshot;
        _ring = new ConsistentHashRing(snapshot.ActiveMembers.Select(member => member.Address));
    }

    public ClusterMembershipSnapshot Snapshot { get; }

    /// <summary>The membership table version this ring was built from.</summary>
    public long Version => Snapshot.Version;

    /// <summary>The Active silos, in the ring's fixed order.</summary>
    public IReadOnlyList<SiloAddress> Silos => _ring.Silos;

    /// <summary>The owner of <paramref name="grainId"/>; null when no silo is Active.</summary>
    public SiloAddress? GetOwner(GrainId grainId) => _ring.GetOwner(grainId);
}
