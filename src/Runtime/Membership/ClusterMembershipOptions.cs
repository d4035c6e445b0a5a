namespace OrleansAuth.Runtime.Membership;

/// <summary>
/// Failure detection and membership table timings (configuration section <c>Membership</c>), after Orleans'
/// ClusterMembershipOptions but tuned to detect a killed silo in well under 10 s (Orleans' defaults take about 15 s).
/// </summary>
/// <remarks>
/// With the defaults, a killed silo refuses connections at once: its probers miss 3 probes in about 3 s, each writes a
/// vote, and the second vote declares it Dead, typically within 4 s. A hung silo also needs the probe timeouts to run
/// out: about 5 s. A silo that stops heartbeating is left out of the vote count (and of a joining silo's connectivity
/// check) after <see cref="IAmAliveInterval"/> × <see cref="NumMissedIAmAlivesLimit"/> = 10 s.
/// </remarks>
public sealed class ClusterMembershipOptions
{
    public const string SectionName = "Membership";

    /// <summary>How often each silo probes the silos it monitors. Default 1 s.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a probe may take before it counts as missed. Default 1 s.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Consecutive missed probes after which the prober votes the silo dead. Default 3.</summary>
    public int NumMissedProbesLimit { get; set; } = 3;

    /// <summary>How many other silos each silo probes (its successors on a ring of the live silos). Default 3.</summary>
    public int NumProbedSilos { get; set; } = 3;

    /// <summary>
    /// Fresh votes that declare a silo Dead. Default 2. In small clusters it is capped at half the Active silos that
    /// still heartbeat (rounded up), so a two-silo cluster can still evict a dead member.
    /// </summary>
    public int NumVotesForDeathDeclaration { get; set; } = 2;

    /// <summary>A vote older than this no longer counts. Default 30 s.</summary>
    public TimeSpan DeathVoteExpiration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a silo writes its heartbeat (IAmAlive time) to the table. Default 5 s.</summary>
    public TimeSpan IAmAliveInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Heartbeats a silo may miss before others treat it as stale (not counted, not waited for). Default 2.</summary>
    public int NumMissedIAmAlivesLimit { get; set; } = 2;

    /// <summary>How often the table is re-read, as the fallback when a change notification is lost. Default 5 s.</summary>
    public TimeSpan TableRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a starting silo keeps trying to reach every Active silo before its start fails. Default 30 s; a
    /// member that cannot be reached because it was just killed is voted Dead or goes stale well within that.
    /// </summary>
    public TimeSpan MaxJoinAttemptTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Dead rows whose last heartbeat is older than this are deleted. Default 1 h.</summary>
    public TimeSpan DefunctSiloCleanupAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often each silo deletes defunct rows. Default 10 min.</summary>
    public TimeSpan DefunctSiloCleanupInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The time after which a silo's missing heartbeats make it stale.</summary>
    internal TimeSpan AllowedIAmAliveMissPeriod => IAmAliveInterval * NumMissedIAmAlivesLimit;
}
