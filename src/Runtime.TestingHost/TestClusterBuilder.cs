using Microsoft.Extensions.DependencyInjection;
using OrleansAuth.Runtime.Storage;

namespace OrleansAuth.Runtime.TestingHost;

/// <summary>Builds a <see cref="TestCluster"/>: storage, silo count, and what every silo registers (grains, logging).</summary>
public sealed class TestClusterBuilder
{
    private readonly List<Action<IServiceCollection>> _siloConfigurators = [];

    public TestClusterBuilder(int initialSilosCount = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initialSilosCount);
        Options.InitialSilosCount = initialSilosCount;
    }

    public TestClusterOptions Options { get; } = new();

    /// <summary>Every silo stores membership and grain state in this SQLite file.</summary>
    public TestClusterBuilder UseSqlite(string connectionString) => UseStorage(StorageOptions.SqliteProvider, connectionString);

    /// <summary>Every silo stores membership and grain state in this PostgreSQL database.</summary>
    public TestClusterBuilder UsePostgres(string connectionString) => UseStorage(StorageOptions.PostgresProvider, connectionString);

    /// <summary>Sets a configuration key for every silo (for example <c>Membership:ProbeInterval</c>).</summary>
    public TestClusterBuilder AddConfiguration(string key, string? value)
    {
        Options.Configuration[key] = value;
        return this;
    }

    /// <summary>Runs on every silo's services after the cluster silo is added: register grains, loggers, test services.</summary>
    public TestClusterBuilder ConfigureSilo(Action<IServiceCollection> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _siloConfigurators.Add(configure);
        return this;
    }

    public TestCluster Build()
    {
        if (string.IsNullOrWhiteSpace(Options.ConnectionString))
        {
            throw new InvalidOperationException("A test cluster needs shared storage: call UseSqlite or UsePostgres.");
        }

        return new TestCluster(Options, [.. _siloConfigurators]);
    }

    private TestClusterBuilder UseStorage(string provider, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        Options.StorageProvider = provider;
        Options.ConnectionString = connectionString;
        return this;
    }
}
