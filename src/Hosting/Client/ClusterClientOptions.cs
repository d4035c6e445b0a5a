namespace OrleansAuth.Hosting.Client;

/// <summary>How an API node in <c>Cluster:Mode=client</c> reaches the silos (configuration section <c>ClusterClient</c>).</summary>
public sealed class ClusterClientOptions
{
    public const string SectionName = "ClusterClient";

    /// <summary>
    /// How often the client re-reads the gateway list from the membership table (Orleans'
    /// <c>GatewayOptions.GatewayListRefreshPeriod</c>, 60 s by default there). Default 2 s, so silos restarted on new
    /// ports are found within seconds.
    /// </summary>
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a call that certainly did not run (refused by a silo, no connection) is retried while the cluster
    /// moves its grain off a dead silo; read-only calls are also retried after an unknown outcome. Default 10 s:
    /// longer than the failure detection of the <c>Membership</c> defaults.
    /// </summary>
    public TimeSpan FailoverWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the client waits for a grain's answer (Orleans' <c>ClientMessagingOptions.ResponseTimeout</c>, 30 s
    /// there). A call in flight on a silo that is killed gets no answer and ends only at this timeout, as an unknown
    /// outcome (resent if read-only, else 503). Default 5 s.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First wait between attempts; doubles per attempt up to 1 s. Default 100 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);
}
