namespace OrleansAuth.Runtime.Membership;

/// <summary>
/// This node's view of cluster membership, for the placement ring, cluster clients and the dashboard. The view is
/// replaced whenever a newer table version is seen: after this silo's own writes, on a notification from another
/// silo (gossip), and by a periodic re-read of the table as the fallback.
/// </summary>
public interface IClusterMembershipService
{
    /// <summary>The newest view seen so far (<see cref="ClusterMembershipSnapshot.Empty"/> before the first read).</summary>
    ClusterMembershipSnapshot CurrentSnapshot { get; }

    /// <summary>
    /// The current view, then every newer one as it is seen, until the node stops or the enumeration is cancelled.
    /// A slow reader skips intermediate views and always continues with the newest; versions only grow.
    /// </summary>
    IAsyncEnumerable<ClusterMembershipSnapshot> MembershipUpdates { get; }

    /// <summary>
    /// Makes sure the view is at least <paramref name="minimumVersion"/>, reading the table if it is not; with 0 the
    /// table is always read. Returns the view afterwards.
    /// </summary>
    Task<ClusterMembershipSnapshot> RefreshAsync(long minimumVersion, CancellationToken cancellationToken);
}
