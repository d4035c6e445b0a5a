namespace OrleansAuth.Runtime.Client;

/// <summary>
/// Settings of a cluster client: an API node in <c>Cluster:Mode=client</c> that reads the membership view and calls
/// each grain's owning silo directly (configuration section <c>ClusterClient</c>).
/// </summary>
/// <remarks>
/// With the defaults a killed silo costs callers little: calls already sent to it fail (they may have run, so they are
/// never retried); new calls find the connection refused (or, after <see cref="BreakerMinimumThroughput"/> failures in
/// <see cref="BreakerSamplingDuration"/>, its open circuit) and wait up to <see cref="FailoverWait"/> until the silos
/// vote it Dead (about 3–4 s) and the client's view moves its grains, then run on the new owner. Only when that wait
/// runs out do they fail with <see cref="SiloUnavailableException"/> (503 at the HTTP edge).
/// </remarks>
public sealed class ClusterClientOptions
{
    public const string SectionName = "ClusterClient";

    /// <summary>Name the client gives itself in connection handshakes and silo logs. Default: host name and process id.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// How often the membership table is read. Silos do not notify clients of changes, so this bounds how long a
    /// client keeps routing to a silo the cluster already declared Dead. Default 2 s.
    /// </summary>
    public TimeSpan ViewRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Least time between two reads of the table that failed calls ask for; calls failing together share one read.
    /// Default 200 ms.
    /// </summary>
    public TimeSpan MinViewRefreshInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Most times one call is sent (the first send included) when silos answer "moved" or cannot be reached before the
    /// call was sent. Every send also stays within the call's response timeout. Default 4.
    /// </summary>
    public int MaxSendAttempts { get; set; } = 4;

    /// <summary>Wait before re-sending to the same silo after a refused connection; doubles per attempt. Default 100 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long a call that certainly did not run (its owner refused the connection, or the owner's circuit is open) waits
    /// for the membership view to move the grain to another silo before it fails. Covers the seconds between a silo's
    /// crash and the cluster declaring it Dead, so callers see a slower answer instead of an error. Never longer than
    /// the call's response timeout; zero fails such calls at once. Default 10 s.
    /// </summary>
    public TimeSpan FailoverWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Share of failed calls to one silo within <see cref="BreakerSamplingDuration"/> that opens its circuit. Default 0.5.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Calls to one silo within <see cref="BreakerSamplingDuration"/> before its circuit may open. Default 5 (at least 2).</summary>
    public int BreakerMinimumThroughput { get; set; } = 5;

    /// <summary>Window over which the failure ratio is measured. Default 10 s (at least 500 ms).</summary>
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an open circuit fails calls at once before one trial call may pass. Default 2 s (at least 500 ms).</summary>
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(2);
}
