using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Hosting;
using OrleansAuth.Runtime.Membership;
using OrleansAuth.Runtime.Membership.Table;
using OrleansAuth.Runtime.Storage;
using OrleansAuth.Runtime.Tests.Infrastructure;

namespace OrleansAuth.Runtime.Tests.Membership;

/// <summary>
/// Silos of one cluster in this process, sharing a database, a fake clock and an <see cref="InProcessSiloNetwork"/>.
/// Each silo is a real host: grain runtime, grain storage, schema migration and cluster membership.
/// </summary>
internal sealed class MembershipTestCluster(Action<IServiceCollection, string> useStorage, string connectionString) : IAsyncDisposable
{
    private readonly List<TestSilo> _silos = [];
    private int _nextPort = 11111;

    public string ClusterId { get; init; } = $"c{Guid.NewGuid():N}";

    public FakeTimeProvider Time { get; } = new();

    public InProcessSiloNetwork Network { get; } = new();

    /// <summary>The port the next silo started without an explicit port gets.</summary>
    public int NextPort => _nextPort;

    public async Task<TestSilo> StartSiloAsync(Action<ClusterMembershipOptions>? membership = null, int? port = null)
    {
        var siloPort = port ?? _nextPort++;
        var silo = await TestSilo.StartAsync(time: Time, configure: services =>
        {
            useStorage(services, connectionString);
            services.Configure<StorageOptions>(options => options.ClusterId = ClusterId);
            services.Configure<SiloOptions>(options =>
            {
                options.Port = siloPort;
                options.Name = $"silo-{siloPort}";
            });
            Network.AddTo(services);
            services.AddClusterMembership(membership);
        });
        lock (_silos)
        {
            _silos.Add(silo);
        }

        return silo;
    }

    /// <summary>As if the silo's process died: unreachable, and it stops probing, voting and heartbeating without a word.</summary>
    public Task KillAsync(TestSilo silo)
    {
        Network.CutOff(silo.Address);
        return silo.Agent().AbortAsync();
    }

    /// <summary>
    /// Moves the clock one probe interval and waits until every given silo has finished the probe round (and the votes)
    /// that tick started, so the fake timeline stays in step with the work.
    /// </summary>
    public async Task AdvanceProbeRoundAsync(TimeSpan probeInterval, params TestSilo[] probers)
    {
        var before = probers.Select(silo => silo.Monitor().CompletedRounds).ToArray();
        Time.Advance(probeInterval);
        await Wait.UntilAsync(() => probers.Select((silo, i) => silo.Monitor().CompletedRounds > before[i]).All(done => done), "every prober finished its round");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
    }
}

/// <summary>Membership parts of a <see cref="TestSilo"/> host.</summary>
internal static class MembershipTestSiloExtensions
{
    public static ClusterMembershipService View(this TestSilo silo) => silo.Services.GetRequiredService<ClusterMembershipService>();

    public static MembershipAgent Agent(this TestSilo silo) => silo.Services.GetRequiredService<MembershipAgent>();

    public static ClusterHealthMonitor Monitor(this TestSilo silo) => silo.Agent().Monitor;

    public static IMembershipTable Table(this TestSilo silo) => silo.Services.GetRequiredService<IMembershipTable>();

    public static SiloStatus SiloStatus(this TestSilo silo) => silo.Services.GetRequiredService<ISiloStatusProvider>().Status;

    public static bool HostStopRequested(this TestSilo silo) =>
        silo.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested;

    public static async Task<MembershipStatus?> StoredStatusAsync(this TestSilo reader, SiloAddress silo) =>
        (await reader.Table().ReadAllAsync(CancellationToken.None)).GetStatus(silo);
}
