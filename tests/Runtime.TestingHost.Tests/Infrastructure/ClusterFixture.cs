using OrleansAuth.Runtime.Tests.Storage;

namespace OrleansAuth.Runtime.TestingHost.Tests.Infrastructure;

/// <summary>
/// A 3-silo <see cref="TestCluster"/> shared by a test collection (tests on it must leave it as they found it), plus
/// the database fixture, from which tests that add, stop or kill silos make fresh databases for their own clusters.
/// </summary>
public abstract class ClusterFixture<TDatabase> : IAsyncLifetime
    where TDatabase : class, IDatabaseFixture, new()
{
    private readonly List<TestCluster> _clusters = [];
    private TestCluster? _cluster;

    public TDatabase Database { get; } = new();

    public ClusterEvents Events { get; } = new();

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync()
    {
        if (Database is IAsyncLifetime lifetime)
        {
            await lifetime.InitializeAsync();
        }

        _cluster = await StartClusterAsync(3, Events, Database.ConnectionString);
    }

    /// <summary>Starts another cluster of <paramref name="silos"/> silos on a fresh database; stopped with the fixture at the latest.</summary>
    public async Task<TestCluster> StartClusterAsync(int silos, ClusterEvents events, string? connectionString = null)
    {
        var cluster = new TestClusterBuilder(silos)
            .UseDatabase(Database, connectionString ?? await Database.CreateDatabaseAsync())
            .WithTestGrains(events)
            .Build();
        lock (_clusters)
        {
            _clusters.Add(cluster);
        }

        await cluster.StartAsync();
        return cluster;
    }

    public async Task DisposeAsync()
    {
        foreach (var cluster in _clusters)
        {
            await cluster.DisposeAsync();
        }

        switch (Database)
        {
            case IAsyncLifetime lifetime:
                await lifetime.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }
}

public sealed class SqliteClusterFixture : ClusterFixture<SqliteDatabaseFixture>;

public sealed class PostgresClusterFixture : ClusterFixture<PostgresDatabaseFixture>;

[CollectionDefinition(Name)]
public sealed class SqliteClusterCollection : ICollectionFixture<SqliteClusterFixture>
{
    public const string Name = "SQLite cluster";
}

[CollectionDefinition(Name)]
public sealed class PostgresClusterCollection : ICollectionFixture<PostgresClusterFixture>
{
    public const string Name = "PostgreSQL cluster";
}
