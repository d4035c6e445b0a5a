using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Hosting;
using OrleansAuth.Runtime.Membership;
using OrleansAuth.Runtime.Membership.Table;
using OrleansAuth.Runtime.Storage;
using OrleansAuth.Runtime.Storage.Database;
using OrleansAuth.Runtime.Tests.Grains;
using OrleansAuth.Runtime.Tests.Infrastructure;
using OrleansAuth.Runtime.Tests.Storage;

namespace OrleansAuth.Runtime.Tests.Membership;

/// <summary>
/// The membership protocol between real silo hosts on a shared database, with the clock driven by hand: join, change
/// notifications, failure detection and voting, self-termination, graceful leave, defunct cleanup. Each test has its
/// own cluster id, so tests share the fixture's database.
/// </summary>
public abstract class MembershipProtocolTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : class, IDatabaseFixture
{
    private static readonly TimeSpan ProbeInterval = new ClusterMembershipOptions().ProbeInterval;

    private readonly MembershipDatabases _databases = new();
    private MembershipTestCluster _cluster = null!;

    private MembershipTestCluster Cluster => _cluster;

    public async Task InitializeAsync()
    {
        _cluster = new MembershipTestCluster(UseStorage, fixture.ConnectionString);
        await MembershipDatabases.MigrateAsync(CreateDatabase());
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _databases.DisposeAsync();
    }

    [Fact]
    public async Task Start_FirstSilo_BecomesActiveMember()
    {
        var silo = await Cluster.StartSiloAsync();

        Assert.Equal(MembershipStatus.Active, await silo.StoredStatusAsync(silo.Address));
        Assert.Equal(MembershipStatus.Active, silo.View().CurrentSnapshot.GetStatus(silo.Address));
        Assert.Equal(MembershipStatus.Active, silo.Agent().LocalStatus);
        Assert.Equal(SiloStatus.Active, silo.SiloStatus());
        var member = silo.View().CurrentSnapshot.Members[silo.Address];
        Assert.Equal($"silo-{silo.Address.Port}", member.Name);
        Assert.Equal(Cluster.Time.GetUtcNow(), member.StartTime);
    }

    [Fact]
    public async Task Start_SecondSilo_FirstLearnsOfItByNotificationBeforeAnyRefresh()
    {
        var first = await Cluster.StartSiloAsync();
        var updates = first.View().MembershipUpdates.GetAsyncEnumerator();
        Assert.True(await updates.MoveNextAsync());

        // The clock stands still, so no periodic refresh runs: only the joiner's notifications can tell the first silo.
        var second = await Cluster.StartSiloAsync();

        await Wait.UntilAsync(() => first.View().CurrentSnapshot.GetStatus(second.Address) == MembershipStatus.Active, "the first silo sees the second Active");
        Assert.Equal(2, first.View().CurrentSnapshot.ActiveMembers.Length);
        while (updates.Current.GetStatus(second.Address) != MembershipStatus.Active)
        {
            Assert.True(await updates.MoveNextAsync().AsTask().WaitAsync(Wait.Patience));
        }

        await updates.DisposeAsync();
    }

    [Fact]
    public async Task FailureDetection_SiloCutOff_VotedDeadByBothOthersWithinTenSeconds()
    {
        var (a, b) = (await Cluster.StartSiloAsync(), await Cluster.StartSiloAsync());
        var c = await Cluster.StartSiloAsync();
        await WaitForActiveViewAsync(3, a, b, c);
        var killedAt = Cluster.Time.GetUtcNow();

        Cluster.Network.CutOff(c.Address);
        await AdvanceUntilAsync(async () => await a.StoredStatusAsync(c.Address) == MembershipStatus.Dead, TimeSpan.FromSeconds(10), a, b);

        Assert.True(Cluster.Time.GetUtcNow() - killedAt <= TimeSpan.FromSeconds(10), $"Declared Dead after {Cluster.Time.GetUtcNow() - killedAt}.");
        var row = (await a.Table().ReadAllAsync(CancellationToken.None)).Members[c.Address];
        Assert.Equal([a.Address, b.Address], row.Suspicions.Select(v => v.Voter).Order(SiloPortOrder.Instance));
        Assert.Equal(MembershipStatus.Active, await a.StoredStatusAsync(a.Address));
        Assert.Equal(MembershipStatus.Active, await a.StoredStatusAsync(b.Address));
    }

    [Fact]
    public async Task FailureDetection_RunningSiloDeclaredDead_StopsServingAndStopsHost()
    {
        var (a, b) = (await Cluster.StartSiloAsync(), await Cluster.StartSiloAsync());
        var c = await Cluster.StartSiloAsync();
        await WaitForActiveViewAsync(3, a, b, c);
        Assert.Equal(1, await c.Grains.GetGrain<ICounterGrain>("on-c").Add(1));

        Cluster.Network.CutOff(c.Address);
        await AdvanceUntilAsync(async () => await a.StoredStatusAsync(c.Address) == MembershipStatus.Dead, TimeSpan.FromSeconds(10), a, b);

        // Cut off, it hears no notification: its own heartbeat or table refresh (every 5 s) shows it Dead.
        for (var second = 0; second < 6 && !c.HostStopRequested(); second++)
        {
            Cluster.Time.Advance(ProbeInterval);
            await Task.Delay(20);
        }

        await Wait.UntilAsync(c.HostStopRequested, "the silo declared Dead asks its host to stop");
        Assert.True(c.Agent().DeclaredDead);
        Assert.Equal(SiloStatus.Stopped, c.SiloStatus());
        await Assert.ThrowsAsync<SiloUnavailableException>(() => c.Grains.GetGrain<ICounterGrain>("on-c").Add(1));
        await Assert.ThrowsAsync<SiloUnavailableException>(() => c.Grains.GetGrain<ICounterGrain>("new-on-c").Get());

        // Its host stop afterwards writes nothing: Dead stays Dead, with the votes that made it so.
        var deadRow = (await a.Table().ReadAllAsync(CancellationToken.None)).Members[c.Address];
        await c.StopAsync();
        var afterStop = await a.Table().ReadAllAsync(CancellationToken.None);
        Assert.Equal(MembershipStatus.Dead, afterStop.GetStatus(c.Address));
        Assert.Equal(deadRow, afterStop.Members[c.Address]);
    }

    [Fact]
    public async Task FailureDetection_TwoSilosOneCutOff_SurvivorAloneDeclaresItDead()
    {
        var a = await Cluster.StartSiloAsync();
        var b = await Cluster.StartSiloAsync();
        await WaitForActiveViewAsync(2, a, b);

        // Killed, not partitioned: of two partitioned silos either may evict the other, which is the protocol's answer.
        await Cluster.KillAsync(b);
        await AdvanceUntilAsync(async () => await a.StoredStatusAsync(b.Address) == MembershipStatus.Dead, TimeSpan.FromSeconds(10), a);

        var row = (await a.Table().ReadAllAsync(CancellationToken.None)).Members[b.Address];
        Assert.Equal([a.Address], row.Suspicions.Select(v => v.Voter));
    }

    [Fact]
    public async Task FailureDetection_ProbesAnswered_NobodyVotes()
    {
        var a = await Cluster.StartSiloAsync();
        var b = await Cluster.StartSiloAsync();
        await WaitForActiveViewAsync(2, a, b);

        for (var round = 0; round < 15; round++)
        {
            await Cluster.AdvanceProbeRoundAsync(ProbeInterval, a, b);
        }

        var snapshot = await a.Table().ReadAllAsync(CancellationToken.None);
        Assert.All(snapshot.Members.Values, member => Assert.Equal(MembershipStatus.Active, member.Status));
        Assert.All(snapshot.Members.Values, member => Assert.Empty(member.Suspicions));
    }

    [Fact]
    public async Task Stop_Graceful_WritesShuttingDownThenDeadAfterActivationsAreWritten()
    {
        var a = await Cluster.StartSiloAsync();
        var b = await Cluster.StartSiloAsync();
        await WaitForActiveViewAsync(2, a, b);
        Assert.Equal(7, await b.Grains.GetGrain<ICounterGrain>("leaving").Add(7));
        var seen = new List<(MembershipStatus? Status, int Activations)>();
        b.View().SnapshotPublished += snapshot =>
        {
            lock (seen)
            {
                seen.Add((snapshot.GetStatus(b.Address), b.Catalog.Count));
            }
        };

        await b.StopAsync();

        List<(MembershipStatus? Status, int Activations)> published;
        lock (seen)
        {
            published = [.. seen];
        }

        Assert.Equal([MembershipStatus.ShuttingDown, MembershipStatus.Dead], published.Select(p => p.Status).Distinct());
        Assert.Equal(0, published.Single(p => p.Status == MembershipStatus.Dead).Activations);
        Assert.Contains("deactivated:leaving:ShuttingDown", b.Log.Events);
        Assert.False(b.Agent().DeclaredDead);
        await Wait.UntilAsync(() => a.View().CurrentSnapshot.GetStatus(b.Address) == MembershipStatus.Dead, "the other silo hears of the leave");
        Assert.Equal(MembershipStatus.Dead, await a.StoredStatusAsync(b.Address));
    }

    [Fact]
    public async Task Join_ActiveMemberUnreachable_FailsStartWithClearErrorAndLeavesItselfDead()
    {
        var table = CreateTable();
        var phantom = new SiloAddress("127.0.0.1", 1, SiloAddress.NewGeneration(Cluster.Time));
        Assert.True(await table.TryInsertAsync(Row(phantom, MembershipStatus.Active, Cluster.Time.GetUtcNow()), 0, CancellationToken.None));
        var port = Cluster.NextPort;

        var start = Cluster.StartSiloAsync(options => options.MaxJoinAttemptTime = TimeSpan.FromSeconds(3));
        for (var step = 0; step < 400 && !start.IsCompleted; step++)
        {
            // The phantom keeps heartbeating: it looks alive, so the joiner must wait for it and then give up.
            await table.UpdateIAmAliveAsync(phantom, Cluster.Time.GetUtcNow(), CancellationToken.None);
            Cluster.Time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.WhenAny(start, Task.Delay(20));
        }

        var exception = await Assert.ThrowsAsync<ClusterConnectivityException>(() => start);
        Assert.Contains(phantom.ToString(), exception.Message, StringComparison.Ordinal);
        Assert.Contains("Membership:MaxJoinAttemptTime", exception.Message, StringComparison.Ordinal);
        var joiner = Assert.Single((await table.ReadAllAsync(CancellationToken.None)).Members.Values, m => m.Address.Port == port);
        Assert.Equal(MembershipStatus.Dead, joiner.Status);
    }

    [Fact]
    public async Task Join_ActiveMemberStoppedHeartbeating_JoinsThenEvictsIt()
    {
        var table = CreateTable();
        var crashed = new SiloAddress("127.0.0.1", 1, SiloAddress.NewGeneration(Cluster.Time));
        var lastHeartbeat = Cluster.Time.GetUtcNow() - TimeSpan.FromMinutes(1);
        Assert.True(await table.TryInsertAsync(Row(crashed, MembershipStatus.Active, lastHeartbeat), 0, CancellationToken.None));

        var silo = await Cluster.StartSiloAsync();
        Assert.Equal(MembershipStatus.Active, await silo.StoredStatusAsync(silo.Address));

        // The lone heartbeating silo is enough to evict a member that heartbeats no more.
        await AdvanceUntilAsync(async () => await silo.StoredStatusAsync(crashed) == MembershipStatus.Dead, TimeSpan.FromSeconds(10), silo);
    }

    [Fact]
    public async Task Join_OlderProcessOnSameEndpoint_DeclaredDeadAtOnce()
    {
        var table = CreateTable();
        var port = Cluster.NextPort;
        var older = new SiloAddress("127.0.0.1", port, SiloAddress.NewGeneration(Cluster.Time) - 60_000);
        Assert.True(await table.TryInsertAsync(Row(older, MembershipStatus.Active, Cluster.Time.GetUtcNow()), 0, CancellationToken.None));

        var silo = await Cluster.StartSiloAsync();

        Assert.Equal(port, silo.Address.Port);
        Assert.Equal(MembershipStatus.Dead, await silo.StoredStatusAsync(older));
        Assert.Equal(MembershipStatus.Active, await silo.StoredStatusAsync(silo.Address));
    }

    [Fact]
    public async Task DefunctCleanup_PeriodicRun_DeletesOnlyOldDeadRows()
    {
        var table = CreateTable();
        var now = Cluster.Time.GetUtcNow();
        var old = new SiloAddress("127.0.0.1", 1, 1);
        var recent = new SiloAddress("127.0.0.1", 2, 1);
        Assert.True(await table.TryInsertAsync(Row(old, MembershipStatus.Dead, now - TimeSpan.FromHours(2)), 0, CancellationToken.None));
        Assert.True(await table.TryInsertAsync(Row(recent, MembershipStatus.Dead, now - TimeSpan.FromMinutes(10)), 1, CancellationToken.None));
        var silo = await Cluster.StartSiloAsync(options => options.DefunctSiloCleanupInterval = TimeSpan.FromMinutes(1));

        Cluster.Time.Advance(TimeSpan.FromMinutes(1));

        await Wait.UntilAsync(async () => await silo.StoredStatusAsync(old) is null, "the old Dead row is deleted");
        await Wait.UntilAsync(() => !silo.View().CurrentSnapshot.Members.ContainsKey(old), "the view drops the deleted row");
        Assert.Equal(MembershipStatus.Dead, await silo.StoredStatusAsync(recent));
        Assert.Equal(MembershipStatus.Active, await silo.StoredStatusAsync(silo.Address));
    }

    [Fact]
    public async Task Start_TwoClusterIdsOnOneDatabase_SilosDoNotSeeEachOther()
    {
        var blue = await Cluster.StartSiloAsync();
        await using var greenCluster = new MembershipTestCluster(UseStorage, fixture.ConnectionString);
        var green = await greenCluster.StartSiloAsync(port: blue.Address.Port);

        Assert.Equal([blue.Address], blue.View().CurrentSnapshot.Members.Keys);
        Assert.Equal([green.Address], green.View().CurrentSnapshot.Members.Keys);
        Assert.Equal(2, blue.View().CurrentSnapshot.Version);
        Assert.Equal(2, green.View().CurrentSnapshot.Version);
        Assert.Equal(MembershipStatus.Active, await green.StoredStatusAsync(green.Address));
    }

    [Fact]
    public async Task View_ProcessThatIsNoSilo_FollowsJoinAndLeaveThroughTheTable()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<TimeProvider>(Cluster.Time);
        UseStorage(builder.Services, fixture.ConnectionString);
        builder.Services.Configure<StorageOptions>(options => options.ClusterId = Cluster.ClusterId);
        builder.Services.AddClusterMembershipView();
        using var client = builder.Build();
        await client.StartAsync();
        var view = client.Services.GetRequiredService<IClusterMembershipService>();

        var silo = await Cluster.StartSiloAsync();
        Assert.Null(view.CurrentSnapshot.GetStatus(silo.Address));

        // Silos do not notify a mere reader: it catches up at its next periodic read.
        Cluster.Time.Advance(new ClusterMembershipOptions().TableRefreshInterval);
        await Wait.UntilAsync(() => view.CurrentSnapshot.GetStatus(silo.Address) == MembershipStatus.Active, "the reader's periodic refresh sees the silo");

        await silo.StopAsync();
        var refreshed = await view.RefreshAsync(0, CancellationToken.None);
        Assert.Equal(MembershipStatus.Dead, refreshed.GetStatus(silo.Address));
        Assert.Same(refreshed, await view.RefreshAsync(refreshed.Version, CancellationToken.None));
        await client.StopAsync();
    }

    [Fact]
    public async Task Start_InvalidMembershipOptions_FailsNamingTheKey()
    {
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => Cluster.StartSiloAsync(options => options.ProbeInterval = TimeSpan.Zero));

        Assert.Contains("Membership:ProbeInterval", exception.Message, StringComparison.Ordinal);
    }

    internal abstract IAuthDatabase CreateDatabaseCore(string connectionString);

    protected abstract void UseStorage(IServiceCollection services, string connectionString);

    private IAuthDatabase CreateDatabase() => _databases.Add(CreateDatabaseCore(fixture.ConnectionString));

    private MembershipTable CreateTable() => new(CreateDatabase(), Cluster.ClusterId, Cluster.Time);

    private static ClusterMember Row(SiloAddress silo, MembershipStatus status, DateTimeOffset iAmAlive) =>
        new(silo, $"row-{silo.Port}", status, iAmAlive, iAmAlive, ImmutableArray<SuspicionVote>.Empty);

    private static Task WaitForActiveViewAsync(int count, params TestSilo[] silos) =>
        Wait.UntilAsync(() => silos.All(s => s.View().CurrentSnapshot.ActiveMembers.Length == count), $"every silo sees {count} Active silos");

    /// <summary>Probe rounds until <paramref name="condition"/> holds; fails if that takes longer than <paramref name="limit"/> of fake time.</summary>
    private async Task AdvanceUntilAsync(Func<Task<bool>> condition, TimeSpan limit, params TestSilo[] probers)
    {
        var start = Cluster.Time.GetUtcNow();
        while (!await condition())
        {
            Assert.True(Cluster.Time.GetUtcNow() - start < limit, $"Not done after {limit} of cluster time.");
            await Cluster.AdvanceProbeRoundAsync(ProbeInterval, probers);
        }
    }
}
