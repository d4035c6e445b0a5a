namespace OrleansAuth.Runtime.Cluster;

/// <summary>
/// Decides, for every grain request arriving over the network, whether this silo runs it. The grain directory (the
/// consistent-hash ring) implements it; without one every request runs here. A request this silo does not own is
/// answered "not owner" (with the owner, when known) and is not run; the caller refreshes its view and retries.
/// </summary>
internal interface IGrainPlacementCheck
{
    /// <param name="grainId">The target grain.</param>
    /// <param name="forwardCount">How many times the request was already forwarded (at most 2 by design).</param>
    PlacementDecision Check(GrainId grainId, int forwardCount);
}

/// <summary>Outcome of <see cref="IGrainPlacementCheck.Check"/>.</summary>
/// <param name="IsLocal">True when this silo runs the request.</param>
/// <param name="Owner">When not local: the owner according to this silo, if known.</param>
internal readonly record struct PlacementDecision(bool IsLocal, SiloAddress? Owner)
{
    public static PlacementDecision Local => new(true, null);

    public static PlacementDecision Moved(SiloAddress? owner) => new(false, owner);
}
