using OrleansAuth.Runtime.Storage;

namespace OrleansAuth.Runtime.TestingHost;

/// <summary>What a <see cref="TestCluster"/> starts. Every silo gets the same storage, cluster id and configuration.</summary>
public sealed class TestClusterOptions
{
    /// <summary>Silos started by <see cref="TestCluster.StartAsync"/>. Default 3.</summary>
    public int InitialSilosCount { get; set; } = 3;

    /// <summary><c>Storage:Provider</c>: <c>sqlite</c> or <c>postgres</c>. Default <c>sqlite</c>.</summary>
    public string StorageProvider { get; set; } = StorageOptions.SqliteProvider;

    /// <summary>
    /// <c>ConnectionStrings:AuthDb</c> shared by every silo: a SQLite file or a PostgreSQL database (membership table and
    /// grain storage). Required.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary><c>Cluster:ClusterId</c>. Default: a new id per cluster, so clusters can share a database.</summary>
    public string ClusterId { get; set; } = $"test-{Guid.NewGuid():N}";

    /// <summary>Prefix of the silo names (<c>Silo:Name</c>); the silo's number is appended. Default <c>silo</c>.</summary>
    public string SiloNamePrefix { get; set; } = "silo";

    /// <summary>Longest wait of <see cref="TestCluster.WaitForLivenessToStabilizeAsync"/>. Default 60 s.</summary>
    public TimeSpan LivenessTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Further configuration keys for every silo (for example <c>Membership:ProbeInterval</c>).</summary>
    public IDictionary<string, string?> Configuration { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
}
