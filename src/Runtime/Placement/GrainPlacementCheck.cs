using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.Placement;

/// <summary>A silo runs a grain's calls only while it is the grain's owner in its current membership view.</summary>
internal sealed class GrainPlacementCheck(GrainLocator locator, ILocalSiloDetails localSilo) : IGrainPlacementCheck
{
    public PlacementDecision Check(GrainId grainId, int forwardCount)
    {
        var owner = locator.GetOwner(grainId);
        return owner == localSilo.SiloAddress ? PlacementDecision.Local : PlacementDecision.Moved(owner);
    }
}
