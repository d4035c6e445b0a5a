namespace OrleansAuth.Hosting.Storage;

/// <summary>
/// Where grain state (and the other SQL stores) live, and how long the process waits for the database before it calls
/// it unavailable. Bound by <see cref="GrainStorageServiceCollectionExtensions.AddGrainStorage"/> from the
/// <c>Storage</c> section, <c>ConnectionStrings:AuthDb</c> and <c>Cluster:ClusterId</c>; validated when the host starts.
/// </summary>
public sealed class StorageOptions
{
    public const string SqliteProvider = "sqlite";

    public const string PostgresProvider = "postgres";

    public const string DefaultConnectionString = "Data Source=data/auth.db";

    public const string DefaultClusterId = "dev";

    /// <summary><c>Storage:Provider</c>: <c>sqlite</c> (default) or <c>postgres</c>, case-insensitive.</summary>
    public string Provider { get; set; } = SqliteProvider;

    /// <summary>
    /// <c>ConnectionStrings:AuthDb</c>: an ADO.NET connection string for the provider. Default
    /// <c>Data Source=data/auth.db</c>, relative to the working directory; the directory is created if missing.
    /// </summary>
    public string ConnectionString { get; set; } = DefaultConnectionString;

    /// <summary><c>Cluster:ClusterId</c>: isolates clusters that share one database. Default <c>dev</c>.</summary>
    public string ClusterId { get; set; } = DefaultClusterId;

    /// <summary>
    /// <c>Storage:ConnectTimeout</c>: longest wait to open a PostgreSQL connection (whole seconds, 1–60). Default 2 s:
    /// a request must fail with 503 quickly rather than wait for a database that does not answer.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary><c>Storage:CommandTimeout</c>: longest PostgreSQL statement (whole seconds, 1–600). Default 5 s.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>Storage:HealthCheckTimeout</c>: longest "database" readiness ping (up to 30 s). Default 1 s.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// <c>Storage:BreakerFailureRatio</c>: the database circuit opens when this share of grain storage calls found the
    /// database unreachable (of at least <see cref="BreakerMinimumThroughput"/> within <see cref="BreakerSamplingDuration"/>).
    /// Default 0.5.
    /// </summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary><c>Storage:BreakerMinimumThroughput</c>: calls in the window before the circuit may open (at least 2). Default 5.</summary>
    public int BreakerMinimumThroughput { get; set; } = 5;

    /// <summary><c>Storage:BreakerSamplingDuration</c>: the window failures are counted in (at least 0.5 s). Default 10 s.</summary>
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// <c>Storage:BreakerBreakDuration</c>: how long an open circuit fails storage calls at once before one trial call
    /// passes (at least 0.5 s). Default 1 s, so the service notices a returning database within about a second.
    /// </summary>
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(1);
}
