using Microsoft.Extensions.DependencyInjection;
using OrleansAuth.Runtime.Hosting;
using OrleansAuth.Runtime.Storage;
using OrleansAuth.Runtime.Tests.Grains;
using OrleansAuth.Runtime.Tests.Infrastructure;
using OrleansAuth.Runtime.Tests.Storage;

namespace OrleansAuth.Runtime.Tests.Activation;

/// <summary>Activation lifecycle over real storage; run against SQLite and PostgreSQL.</summary>
public abstract class GrainPersistenceTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : class, IDatabaseFixture
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task IdleCollection_AfterCollectionAge_DeactivatesAndNextCallReactivatesWithPersistedState()
    {
        var time = new FakeTimeProvider();
        await using var silo = await StartSiloAsync(fixture.ConnectionString, time: time);
        var counter = silo.Grains.GetGrain<ICounterGrain>("idle");
        Assert.Equal(5, await counter.Add(5));
        await silo.Log.WhenRecorded("activated:idle:0").WaitAsync(Patience);

        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, silo.Collector.CollectIdle());

        // Past the 15 min age: the periodic collector (1 min quantum, same fake clock) deactivates it.
        time.Advance(TimeSpan.FromMinutes(6));
        await silo.Log.WhenRecorded("deactivated:idle:IdleCollection").WaitAsync(Patience);
        await WaitUntilAsync(() => silo.Catalog.Count == 0);

        Assert.Equal(5, await counter.Get());
        await silo.Log.WhenRecorded("activated:idle:5").WaitAsync(Patience);
    }

    [Fact]
    public async Task IdleCollection_ActivationUsedWithinAge_IsKept()
    {
        var time = new FakeTimeProvider();
        await using var silo = await StartSiloAsync(fixture.ConnectionString, time: time);
        var counter = silo.Grains.GetGrain<ICounterGrain>("busy");
        await counter.Add(1);

        time.Advance(TimeSpan.FromMinutes(14));
        await counter.Get();
        time.Advance(TimeSpan.FromMinutes(14));

        Assert.Equal(0, silo.Collector.CollectIdle());
        Assert.Equal(1, silo.Catalog.Count);
    }

    [Fact]
    public async Task Write_DuplicateActivationsOnTwoSilos_StaleWriterGetsConflictAndIsDropped()
    {
        var database = await fixture.CreateDatabaseAsync();
        await using var siloA = await StartSiloAsync(database);
        await using var siloB = await StartSiloAsync(database);
        var onA = siloA.Grains.GetGrain<ICounterGrain>("shared");
        var onB = siloB.Grains.GetGrain<ICounterGrain>("shared");

        Assert.Equal(1, await onA.Add(1));
        Assert.Equal(1, await onB.Get());
        Assert.Equal(11, await onA.Add(10));

        // B still holds version 1: its write must be refused, and its activation dropped.
        await Assert.ThrowsAsync<InconsistentStateException>(() => onB.Add(100));
        await siloB.Log.WhenRecorded("deactivated:shared:InconsistentState").WaitAsync(Patience);

        Assert.Equal(11, await onB.Get());
        Assert.Equal(111, await onB.Add(100));
        await Assert.ThrowsAsync<InconsistentStateException>(() => onA.Add(1000));
        Assert.Equal(111, await onA.Get());
    }

    [Fact]
    public async Task Write_ConcurrentWritersOnTwoSilos_NoAcknowledgedUpdateIsLost()
    {
        var database = await fixture.CreateDatabaseAsync();
        await using var siloA = await StartSiloAsync(database);
        await using var siloB = await StartSiloAsync(database);
        var acknowledged = 0;
        var conflicts = 0;

        async Task AddFrom(TestSilo silo, int amount)
        {
            for (var attempt = 0; attempt < 50; attempt++)
            {
                try
                {
                    await silo.Grains.GetGrain<ICounterGrain>("contended").Add(amount);
                    Interlocked.Add(ref acknowledged, amount);
                    return;
                }
                catch (InconsistentStateException)
                {
                    Interlocked.Increment(ref conflicts);
                }
            }
        }

        // Both silos activate the grain at the same stored version first, so whichever silo writes second is stale
        // and must collide: the test cannot pass without exercising the conflict path.
        Assert.Equal(0, await siloA.Grains.GetGrain<ICounterGrain>("contended").Get());
        Assert.Equal(0, await siloB.Grains.GetGrain<ICounterGrain>("contended").Get());

        await Task.WhenAll(Enumerable.Range(1, 40).Select(i => AddFrom(i % 2 == 0 ? siloA : siloB, i))).WaitAsync(Patience);

        await using var reader = await StartSiloAsync(database);
        Assert.Equal(acknowledged, await reader.Grains.GetGrain<ICounterGrain>("contended").Get());
        Assert.Equal(Enumerable.Range(1, 40).Sum(), acknowledged);
        Assert.True(conflicts > 0, "Two silos writing one grain at once should have collided at least once.");
    }

    [Fact]
    public async Task Restart_StateWrittenBeforeSiloRestart_IsReadBackAfter()
    {
        var database = await fixture.CreateDatabaseAsync();
        await using (var first = await StartSiloAsync(database))
        {
            await first.Grains.GetGrain<ICounterGrain>("durable").Add(7);
            await first.Grains.GetGrain<ICounterGrain>("durable").Add(8);
        }

        await using var second = await StartSiloAsync(database);
        var counter = second.Grains.GetGrain<ICounterGrain>("durable");

        Assert.Equal(15, await counter.Get());
        Assert.Equal(2, await counter.GetVersion());
        await second.Log.WhenRecorded("activated:durable:15").WaitAsync(Patience);
    }

    [Fact]
    public async Task Shutdown_WhileATurnRuns_TurnCompletesItsWriteAndNewCallsAreRefused()
    {
        var database = await fixture.CreateDatabaseAsync();
        var silo = await StartSiloAsync(database);
        var counter = silo.Grains.GetGrain<ICounterGrain>("graceful");
        var running = counter.AddAfterGate(5, "write");
        await silo.Log.WhenRecorded("entered:write").WaitAsync(Patience);

        var stopping = silo.StopAsync();
        var status = silo.Services.GetRequiredService<ISiloStatusProvider>();
        await WaitUntilAsync(() => status.Status == SiloStatus.ShuttingDown);
        await Assert.ThrowsAsync<SiloUnavailableException>(() => silo.Grains.GetGrain<ICounterGrain>("other").Get());

        silo.Log.Open("write");
        Assert.Equal(5, await running.WaitAsync(Patience));
        await stopping.WaitAsync(Patience);
        Assert.Contains("deactivated:graceful:ShuttingDown", silo.Log.Events);
        await silo.DisposeAsync();

        await using var restarted = await StartSiloAsync(database);
        Assert.Equal(5, await restarted.Grains.GetGrain<ICounterGrain>("graceful").Get());
    }

    [Fact]
    public async Task Clear_ThenReactivate_StartsFromEmptyStateAndCanWriteAgain()
    {
        await using var silo = await StartSiloAsync(fixture.ConnectionString);
        var counter = silo.Grains.GetGrain<ICounterGrain>("cleared");
        await counter.Add(3);

        await counter.Clear();
        await counter.Deactivate();
        await silo.Log.WhenRecorded("deactivated:cleared:ApplicationRequested").WaitAsync(Patience);

        Assert.Equal(0, await counter.Get());
        Assert.Equal(4, await counter.Add(4));
    }

    protected abstract void UseStorage(IServiceCollection services, string connectionString);

    private Task<TestSilo> StartSiloAsync(string connectionString, TimeProvider? time = null)
        => TestSilo.StartAsync(time: time, configure: services => UseStorage(services, connectionString));

    private static Task WaitUntilAsync(Func<bool> condition) => Wait.UntilAsync(condition, "the condition holds");
}

public sealed class SqliteGrainPersistenceTests(SqliteDatabaseFixture fixture) : GrainPersistenceTests<SqliteDatabaseFixture>(fixture)
{
    protected override void UseStorage(IServiceCollection services, string connectionString) => services.UseSqliteGrainStorage(connectionString);
}

public sealed class PostgresGrainPersistenceTests(PostgresDatabaseFixture fixture) : GrainPersistenceTests<PostgresDatabaseFixture>(fixture)
{
    protected override void UseStorage(IServiceCollection services, string connectionString) => services.UsePostgresGrainStorage(connectionString);
}
