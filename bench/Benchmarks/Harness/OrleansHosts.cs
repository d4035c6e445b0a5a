using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OrleansAuth.Grains;
using OrleansAuth.Hosting.Silo;
using OrleansAuth.Hosting.Storage;

namespace OrleansAuth.Benchmarks.Harness;

/// <summary>
/// The Orleans hosts the micro-benchmarks run on, each in this process with its own service provider: the silo the API
/// embeds (our storage provider, user grains), plain localhost-clustered silos (one, or a primary and a secondary)
/// and a client host that reaches a silo's gateway over TCP. Every port is a free one picked at start, and every host
/// gets a fresh cluster id: Orleans listeners use SO_REUSEPORT, so a fixed port shared with another process would
/// silently split the connections between the two, and a foreign cluster id makes such a mix-up fail instead.
/// </summary>
internal static class OrleansHosts
{
    /// <summary>The embedded silo of the API (<see cref="AuthSiloBuilderExtensions.AddEmbeddedAuthSilo"/>) with the user grains.</summary>
    public static Task<IHost> StartEmbeddedSiloAsync(string provider, string connectionString)
    {
        var builder = NewBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider,
            ["ConnectionStrings:AuthDb"] = connectionString,
            ["Cluster:ClusterId"] = NewClusterId(),
            ["Silo:Port"] = "0",
            ["Silo:GatewayPort"] = "0",
        });
        builder.UseOrleans(silo => silo.AddEmbeddedAuthSilo(builder.Configuration));
        builder.Services.AddUserGrains(builder.Configuration);
        return StartAsync(builder);
    }

    /// <summary>
    /// A localhost-clustered silo with a gateway and in-memory grain storage under the service's provider name. With
    /// <paramref name="primary"/> it joins the cluster whose membership that silo keeps.
    /// </summary>
    public static Task<IHost> StartSiloAsync(SiloEndpoints endpoints, string clusterId, SiloEndpoints? primary = null)
    {
        var builder = NewBuilder();
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(
                endpoints.SiloPort,
                endpoints.GatewayPort,
                primary is null ? null : new IPEndPoint(IPAddress.Loopback, primary.SiloPort),
                serviceId: clusterId,
                clusterId: clusterId)
            .AddMemoryGrainStorage(GrainStorageProviders.Auth));
        return StartAsync(builder);
    }

    /// <summary>An Orleans client host connected to the gateway at <paramref name="gatewayPort"/> on loopback.</summary>
    public static Task<IHost> StartClientAsync(int gatewayPort, string clusterId)
    {
        var builder = NewBuilder();
        builder.UseOrleansClient(client => client.UseLocalhostClustering(gatewayPort, serviceId: clusterId, clusterId: clusterId));
        return StartAsync(builder);
    }

    public static string NewClusterId() => $"bench-{Guid.NewGuid():N}"[..20];

    public static string SqliteConnection(string file) => $"Data Source={file}";

    public static string Provider(bool postgres) => postgres ? StorageOptions.PostgresProvider : StorageOptions.SqliteProvider;

    /// <summary>Stops the host within a bounded time (a silo leaving gracefully can wait on its peers) and disposes it.</summary>
    public static async Task StopAsync(IHost host)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await host.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            host.Dispose();
        }
    }

    private static HostApplicationBuilder NewBuilder() =>
        Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Production });

    private static async Task<IHost> StartAsync(HostApplicationBuilder builder)
    {
        var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        return host;
    }
}

/// <summary>A silo's silo-to-silo and gateway ports.</summary>
internal sealed record SiloEndpoints(int SiloPort, int GatewayPort)
{
    /// <summary>Two ports the OS just handed out on loopback (both held open until both are known, so they differ).</summary>
    public static SiloEndpoints Free()
    {
        using var silo = new TcpListener(IPAddress.Loopback, 0);
        using var gateway = new TcpListener(IPAddress.Loopback, 0);
        silo.Start();
        gateway.Start();
        return new SiloEndpoints(((IPEndPoint)silo.LocalEndpoint).Port, ((IPEndPoint)gateway.LocalEndpoint).Port);
    }
}
