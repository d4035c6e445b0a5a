namespace OrleansAuth.Runtime.Storage;

/// <summary>
/// Where grain state (and the other SQL stores) live. Bound by
/// <see cref="GrainStorageServiceCollectionExtensions.AddGrainStorage"/> from <c>Storage:Provider</c>,
/// <c>ConnectionStrings:AuthDb</c> and <c>Cluster:ClusterId</c>; validated when the host starts.
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
}
