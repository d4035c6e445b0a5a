namespace OrleansAuth.Runtime.Statistics;

/// <summary>
/// The runtime figures of every silo this process can see: its own silo in embedded mode; every member of the cluster,
/// asked over the silo transport, in a cluster client. Each call asks afresh (callers cache).
/// </summary>
public interface IClusterStatistics
{
    /// <summary>Every member of the view with its report; members that did not answer carry an error instead.</summary>
    Task<IReadOnlyList<SiloStatistics>> GetSiloStatisticsAsync(CancellationToken cancellationToken);
}
