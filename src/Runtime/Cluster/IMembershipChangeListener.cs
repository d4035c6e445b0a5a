namespace OrleansAuth.Runtime.Cluster;

/// <summary>Receives membership-change notifications that arrived over the transport (implemented by membership).</summary>
internal interface IMembershipChangeListener
{
    /// <summary>Another silo wrote membership table version <paramref name="tableVersion"/>; refresh if ours is older.</summary>
    void OnMembershipChanged(SiloAddress sender, long tableVersion);
}
