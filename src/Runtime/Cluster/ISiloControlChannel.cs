namespace OrleansAuth.Runtime.Cluster;

/// <summary>
/// The cluster-management messages one silo sends another over the silo transport: liveness probes and
/// membership-change notifications (gossip), and statistics requests. Implemented by the transport; used by membership.
/// </summary>
internal interface ISiloControlChannel
{
    /// <summary>
    /// Probes <paramref name="target"/>. Returns normally only if that exact silo (endpoint and generation) answered
    /// within <paramref name="timeout"/>; throws otherwise (timeout, connection refused, other generation answering).
    /// </summary>
    Task ProbeAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Tells <paramref name="target"/> that the membership table changed to <paramref name="tableVersion"/>; best effort.</summary>
    Task NotifyMembershipChangedAsync(SiloAddress target, long tableVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Asks <paramref name="target"/> for its runtime figures (dashboard, /metrics). Throws when it does not answer within
    /// <paramref name="timeout"/> or refuses. Also available to cluster clients, which have no silo of their own.
    /// </summary>
    Task<Statistics.SiloRuntimeReport> GetStatisticsAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken);
}
