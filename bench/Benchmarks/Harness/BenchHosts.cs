using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansAuth.Benchmarks.Grains;
using OrleansAuth.Grains;
using OrleansAuth.Hosting.Silo;
using OrleansAuth.Hosting.Storage;
using OrleansAuth.Hosting.TestingHost;

namespace OrleansAuth.Benchmarks.Harness;

/// <summary>The silos the micro-benchmarks run on: an embedded silo (as the API hosts it) or a real 2-silo cluster.</summary>
internal static class BenchHosts
{
    public static async Task<IHost> StartSiloAsync(string provider, string connectionString)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider,
            ["ConnectionStrings:AuthDb"] = connectionString,
            ["Cluster:ClusterId"] = $"bench-{Guid.NewGuid():N}",
        });
        builder.Services.AddSilo(builder.Configuration);
        AddGrains(builder.Services, builder.Configuration);
        var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        return host;
    }

    public static async Task<TestCluster> StartClusterAsync(int silos, string sqliteFile)
    {
        var configuration = new ConfigurationBuilder().Build();
        var cluster = new TestClusterBuilder(silos)
            .UseSqlite($"Data Source={sqliteFile}")
            .ConfigureSilo(services => AddGrains(services, configuration))
            .Build();
        await cluster.StartAsync().ConfigureAwait(false);
        return cluster;
    }

    public static string SqliteConnection(string file) => $"Data Source={file}";

    public static string Provider(bool postgres) => postgres ? StorageOptions.PostgresProvider : StorageOptions.SqliteProvider;

    private static void AddGrains(IServiceCollection services, IConfiguration configuration)
    {
        services.AddUserGrains(configuration);
        services.AddGrain<IPingGrain, PingGrain>();
        services.AddGrain<IStateGrain, StateGrain>();
    }
}
