using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Grains;
using OrleansAuth.Hosting.Silo;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Cluster;

/// <summary>
/// The cluster topology in one process: N real Orleans silo hosts hosting the user grains (ADO.NET clustering on the
/// fixture's PostgreSQL database, real TCP between them) and API nodes in <c>Cluster:Mode=client</c> on real Kestrel
/// sockets, all under a cluster id of their own.
/// </summary>
public sealed class ClientModeCluster : IAsyncDisposable
{
    private readonly List<IHost> _stopped = [];

    private ClientModeCluster(string clusterId, IHost[] silos, (ApiHost Host, AuthApi Api)[] nodes)
    {
        ClusterId = clusterId;
        Silos = silos;
        Nodes = nodes;
    }

    public string ClusterId { get; }

    /// <summary>The silo hosts; <see cref="IHost.Services"/> of each gives its grain factory.</summary>
    public IReadOnlyList<IHost> Silos { get; }

    public IReadOnlyList<(ApiHost Host, AuthApi Api)> Nodes { get; }

    public static async Task<ClientModeCluster> StartAsync(
        PostgresDatabaseFixture fixture, int silos, int apiNodes, IReadOnlyDictionary<string, string?> grainSettings, params (string Key, string? Value)[] apiSettings)
    {
        var clusterId = $"test-{Guid.NewGuid():N}";
        var hosts = new List<IHost>();
        var nodes = new List<(ApiHost Host, AuthApi Api)>();
        try
        {
            // One at a time: the first start applies the schema, later ones find it in place.
            for (var i = 0; i < silos; i++)
            {
                var host = BuildSilo(fixture.ConnectionString, clusterId, grainSettings);
                hosts.Add(host);
                await host.StartAsync();
            }

            for (var i = 0; i < apiNodes; i++)
            {
                var host = ApiHost.For(fixture, [("Cluster:Mode", "client"), ("Cluster:ClusterId", clusterId), ("RateLimiting:Enabled", "false"), .. apiSettings]);
                nodes.Add((host, new AuthApi(host.CreateRealClient())));
            }
        }
        catch
        {
            await new ClientModeCluster(clusterId, [.. hosts], [.. nodes]).DisposeAsync();
            throw;
        }

        return new ClientModeCluster(clusterId, [.. hosts], [.. nodes]);
    }

    /// <summary>Stops a silo without the graceful shutdown (its stop token is already cancelled), as near a crash as one process allows.</summary>
    public async Task KillSiloAsync(IHost silo)
    {
        _stopped.Add(silo);
        await silo.StopAsync(new CancellationToken(canceled: true));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (host, api) in Nodes)
        {
            api.Client.Dispose();
            await host.DisposeAsync();
        }

        foreach (var silo in Silos)
        {
            if (!_stopped.Contains(silo))
            {
                await silo.StopAsync();
            }

            silo.Dispose();
        }
    }

    private static IHost BuildSilo(string connectionString, string clusterId, IReadOnlyDictionary<string, string?> grainSettings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres",
            ["ConnectionStrings:AuthDb"] = connectionString,
            ["Cluster:ClusterId"] = clusterId,
            ["Silo:Port"] = "0",
            ["Silo:GatewayPort"] = "0",
        });
        builder.Configuration.AddInMemoryCollection(grainSettings);
        builder.Services.AddOrleans(silo => silo.AddClusterAuthSilo(builder.Configuration));
        builder.Services.AddUserGrains(builder.Configuration);
        return builder.Build();
    }
}
