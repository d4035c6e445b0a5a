using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Membership;

namespace OrleansAuth.Runtime.Placement;

/// <summary>
/// The routing decision shared by silos and cluster clients: the owner of a grain is its position on the
/// <see cref="ConsistentHashRing"/> over the Active members of the current membership view. The ring is rebuilt once
/// per view (on the first lookup after the view changed), never per call.
/// </summary>
internal sealed class GrainLocator(IClusterMembershipService membership)
{
    private volatile PlacementView _view = new(ClusterMembershipSnapshot.Empty);

    /// <summary>The ring of the newest membership view this node has seen.</summary>
    public PlacementView Current
    {
        get
        {
            var snapshot = membership.CurrentSnapshot;
            var view = _view;
            if (ReferenceEquals(view.Snapshot, snapshot))
            {
                return view;
            }

            // Racing rebuilds for the same view build equal rings; a rebuild never replaces a newer view.
            var rebuilt = new PlacementView(snapshot);
            if (rebuilt.Version >= _view.Version)
            {
                _view = rebuilt;
            }

            return rebuilt;
        }
    }

    /// <summary>The owner of <paramref name="grainId"/> in the current view; null when no silo is Active.</summary>
    public SiloAddress? GetOwner(GrainId grainId) => Current.GetOwner(grainId);

    /// <summary>
    /// Makes sure the view is newer than <paramref name="seenVersion"/> if the membership table has a newer one
    /// (reading the table only when no newer view arrived meanwhile), and returns the ring afterwards.
    /// </summary>
    public async Task<PlacementView> RefreshAsync(long seenVersion, CancellationToken cancellationToken)
    {
        await membership.RefreshAsync(seenVersion + 1, cancellationToken).ConfigureAwait(false);
        return Current;
    }
}
