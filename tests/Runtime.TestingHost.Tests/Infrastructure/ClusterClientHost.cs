using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansAuth.Runtime.Client;
using OrleansAuth.Runtime.Membership;

namespace OrleansAuth.Runtime.TestingHost.Tests.Infrastructure;

/// <summary>A cluster client in its own host, configured like an API node in <c>Cluster:Mode=client</c> for a <see cref="TestCluster"/>.</summary>
internal sealed class ClusterClientHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterClientHost(IHost host)
    {
        _host = host;
    }

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public ClusterClientStatistics Statistics => Services.GetRequiredService<ClusterClientStatistics>();

    public ClusterMembershipSnapshot View => Services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot;

    public static async Task<ClusterClientHost> StartAsync(TestClusterOptions cluster, params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = cluster.StorageProvider,
            ["ConnectionStrings:AuthDb"] = cluster.ConnectionString,
            ["Cluster:ClusterId"] = cluster.ClusterId,
        });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.Services.AddClusterClient(builder.Configuration);
        builder.Services.AddHealthChecks().AddClusterClientCheck("cluster", "ready");
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new ClusterClientHost(host);
    }

    /// <summary>Waits until the client's view lists exactly the cluster's running silos as Active.</summary>
    public Task WaitForViewAsync(TestCluster cluster)
    {
        var membership = Services.GetRequiredService<IClusterMembershipService>();
        return Wait.UntilAsync(
            async () => (await membership.RefreshAsync(0, CancellationToken.None)).ActiveMembers.Select(m => m.Address)
                .ToHashSet().SetEquals(cluster.Silos.Select(silo => silo.SiloAddress)),
            "the client sees exactly the running silos as Active");
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
