using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Hosting;
using OrleansAuth.Runtime.Membership;
using OrleansAuth.Runtime.Storage;
using OrleansAuth.Runtime.Tests.Infrastructure;
using OrleansAuth.Runtime.Tests.Storage;
using Xunit.Abstractions;

namespace OrleansAuth.Runtime.Tests.Membership;

/// <summary>
/// Membership end to end over the real TCP transport on loopback, with the default options and the real clock:
/// silos join by probing each other through sockets, hear of changes through membership notices, and detect a silo
/// whose listener and connections are gone.
/// </summary>
public abstract class MembershipOverTcpTests<TFixture>(TFixture fixture, ITestOutputHelper output) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : class, IDatabaseFixture
{
    private readonly List<TestSilo> _silos = [];
    private readonly string _clusterId = $"c{Guid.NewGuid():N}";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task KilledSilo_ListenerAndConnectionsGone_OthersDeclareItDeadWithDefaults()
    {
        var a = await StartSiloAsync("a");
        var b = await StartSiloAsync("b");
        var c = await StartSiloAsync("c");
        await WaitForActiveViewAsync(3, a, b, c);

        var stopwatch = Stopwatch.StartNew();
        await KillAsync(c);
        await Wait.UntilAsync(
            () => a.View().CurrentSnapshot.GetStatus(c.Address) == MembershipStatus.Dead && b.View().CurrentSnapshot.GetStatus(c.Address) == MembershipStatus.Dead,
            "both survivors see the killed silo Dead");
        output.WriteLine($"Killed silo declared Dead and known to both survivors after {stopwatch.Elapsed.TotalSeconds:F1} s (defaults target <= 10 s).");

        var row = (await a.Table().ReadAllAsync(CancellationToken.None)).Members[c.Address];
        Assert.Equal(MembershipStatus.Dead, row.Status);
        Assert.Equal(2, row.Suspicions.Select(v => v.Voter).Distinct().Count());
        Assert.DoesNotContain(c.Address, row.Suspicions.Select(v => v.Voter));
        Assert.Equal(2, a.View().CurrentSnapshot.ActiveMembers.Length);
        Assert.Equal(SiloStatus.Active, a.SiloStatus());
        Assert.Equal(SiloStatus.Active, b.SiloStatus());
    }

    [Fact]
    public async Task HungSilo_ConnectsButNeverAnswers_OthersDeclareItDeadThroughProbeTimeouts()
    {
        var a = await StartSiloAsync("a");
        var b = await StartSiloAsync("b");
        await WaitForActiveViewAsync(2, a, b);
        await using var hung = SilentSilo.Start();

        // A member that hung: its row is Active with a fresh heartbeat, its socket accepts, nothing ever answers.
        var now = TimeProvider.System.GetUtcNow();
        var row = new ClusterMember(hung.Address, "hung", MembershipStatus.Active, now, now, []);
        while (!await a.Table().TryInsertAsync(row, (await a.Table().ReadAllAsync(CancellationToken.None)).Version, CancellationToken.None))
        {
        }

        await Task.WhenAll(a.View().RefreshAsync(0, CancellationToken.None), b.View().RefreshAsync(0, CancellationToken.None));
        var stopwatch = Stopwatch.StartNew();
        await Wait.UntilAsync(() => a.View().CurrentSnapshot.GetStatus(hung.Address) == MembershipStatus.Dead, "the hung silo is declared Dead");
        output.WriteLine($"Hung silo declared Dead {stopwatch.Elapsed.TotalSeconds:F1} s after both silos knew it (defaults target <= 10 s).");

        var stored = (await a.Table().ReadAllAsync(CancellationToken.None)).Members[hung.Address];
        Assert.Equal(new[] { a.Address, b.Address }.Order(SiloPortOrder.Instance), stored.Suspicions.Select(v => v.Voter).Distinct().Order(SiloPortOrder.Instance));
    }

    [Fact]
    public async Task GracefulStop_OverTcp_OthersHearShuttingDownThenDeadByNotification()
    {
        var a = await StartSiloAsync("a");
        var b = await StartSiloAsync("b");
        await WaitForActiveViewAsync(2, a, b);

        await b.StopAsync();

        await Wait.UntilAsync(() => a.View().CurrentSnapshot.GetStatus(b.Address) == MembershipStatus.Dead, "the other silo sees the leaver Dead");
        var row = (await a.Table().ReadAllAsync(CancellationToken.None)).Members[b.Address];
        Assert.Empty(row.Suspicions);
        Assert.Equal([a.Address], a.View().CurrentSnapshot.ActiveMembers.Select(m => m.Address));
    }

    [Fact]
    public async Task Join_ThroughSockets_EachSiloProbesTheActiveOnesAndAllBecomeActive()
    {
        var silos = new List<TestSilo>();
        for (var i = 0; i < 3; i++)
        {
            silos.Add(await StartSiloAsync($"s{i}"));
        }

        await WaitForActiveViewAsync(3, [.. silos]);
        Assert.All(silos, silo => Assert.Equal(SiloStatus.Active, silo.SiloStatus()));
        Assert.Equal(3, silos.Select(s => s.Address).Distinct().Count());
        Assert.All(silos, silo => Assert.NotEqual(0, silo.Address.Port));
    }

    protected abstract void UseStorage(IServiceCollection services, string connectionString);

    private async Task<TestSilo> StartSiloAsync(string name)
    {
        var silo = await TestSilo.StartNetworkedAsync(
            messaging: options => options.ClusterId = _clusterId,
            configure: services =>
            {
                UseStorage(services, fixture.ConnectionString);
                services.Configure<StorageOptions>(options => options.ClusterId = _clusterId);
                services.Configure<SiloOptions>(options => options.Name = name);
                services.AddClusterMembership();
            });
        _silos.Add(silo);
        return silo;
    }

    /// <summary>As if the process died: membership stops without a word, the listening socket and every connection close.</summary>
    private static async Task KillAsync(TestSilo silo)
    {
        await silo.Agent().AbortAsync();
        await silo.KillAsync();
    }

    private static Task WaitForActiveViewAsync(int count, params TestSilo[] silos) =>
        Wait.UntilAsync(() => silos.All(s => s.View().CurrentSnapshot.ActiveMembers.Length == count), $"every silo sees {count} Active silos");
}

public sealed class SqliteMembershipOverTcpTests(SqliteDatabaseFixture fixture, ITestOutputHelper output)
    : MembershipOverTcpTests<SqliteDatabaseFixture>(fixture, output)
{
    protected override void UseStorage(IServiceCollection services, string connectionString) => services.UseSqliteGrainStorage(connectionString);
}

public sealed class PostgresMembershipOverTcpTests(PostgresDatabaseFixture fixture, ITestOutputHelper output)
    : MembershipOverTcpTests<PostgresDatabaseFixture>(fixture, output)
{
    protected override void UseStorage(IServiceCollection services, string connectionString) => services.UsePostgresGrainStorage(connectionString);
}
