using Microsoft.Extensions.Configuration;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Grains;
using OrleansAuth.Grains.Interfaces;
using OrleansAuth.Hosting.Silo;
using OrleansAuth.Hosting.TestingHost;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Cluster;

/// <summary>
/// The cluster topology in one process: a <see cref="TestCluster"/> of silos hosting the user grains (real TCP
/// between them) and API nodes in <c>Cluster:Mode=client</c> on real Kestrel sockets, all on the fixture's database.
/// </summary>
public sealed class ClientModeCluster : IAsyncDisposable
{
    private ClientModeCluster(TestCluster cluster, (ApiHost Host, AuthApi Api)[] nodes)
    {
        Cluster = cluster;
        Nodes = nodes;
    }

    public TestCluster Cluster { get; }

    public IReadOnlyList<(ApiHost Host, AuthApi Api)> Nodes { get; }

    public static async Task<ClientModeCluster> StartAsync(
        IDatabaseFixture fixture, int silos, int apiNodes, IReadOnlyDictionary<string, string?> grainSettings, params (string Key, string? Value)[] apiSettings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(grainSettings).Build();
        var builder = new TestClusterBuilder(silos).ConfigureSilo(services =>
        {
            services.AddUserGrains(configuration);
            services.AddGrainSerializerContext(GrainsJsonContext.Default);
        });
        _ = fixture is PostgresDatabaseFixture ? builder.UsePostgres(fixture.ConnectionString) : builder.UseSqlite(fixture.ConnectionString);
        var cluster = builder.Build();
        await cluster.StartAsync();
        var nodes = Enumerable.Range(0, apiNodes).Select(_ =>
        {
            var host = ApiHost.For(fixture, [("Cluster:Mode", "client"), ("Cluster:ClusterId", cluster.Options.ClusterId), ("RateLimiting:Enabled", "false"), .. apiSettings]);
            return (host, new AuthApi(host.CreateRealClient()));
        }).ToArray();
        return new ClientModeCluster(cluster, nodes);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (host, api) in Nodes)
        {
            api.Client.Dispose();
            await host.DisposeAsync();
        }

        await Cluster.DisposeAsync();
    }
}
