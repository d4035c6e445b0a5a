using OrleansAuth.Runtime.TestingHost.Tests.Grains;
using OrleansAuth.Runtime.TestingHost.Tests.Infrastructure;
using OrleansAuth.Runtime.Tests.Storage;

namespace OrleansAuth.Runtime.TestingHost.Tests.Cluster;

/// <summary>Grains moving when silos join, leave, die or are cut off; each test runs its own cluster on a fresh database.</summary>
public abstract class MembershipChangeTests<TDatabase>(ClusterFixture<TDatabase> fixture)
    where TDatabase : class, IDatabaseFixture, new()
{
    private const int GrainCount = 30;

    [Fact]
    public async Task StartAdditionalSilo_GrainsOfNewOwnerMoveThere_StateSurvives()
    {
        var events = new ClusterEvents();
        await using var cluster = await fixture.StartClusterAsync(2, events);
        var keys = Keys("join");
        await WriteAsync(cluster, keys);

        var joined = await cluster.StartAdditionalSiloAsync();
        await cluster.WaitForLivenessToStabilizeAsync();
        var moved = keys.Where(key => joined.OwnerOf(key) == joined.SiloAddress).ToList();
        Assert.NotEmpty(moved);

        // The old owners hand their activations off on the new view.
        await Wait.UntilAsync(() => moved.All(key => cluster.Silos.All(silo => silo == joined || !silo.HasActivation(key))), "the old owners deactivated the moved grains");
        Assert.All(moved, key => Assert.Contains(events.Matching($"deactivated:{key}:"), e => e.EndsWith(":DirectoryOwnershipChanged", StringComparison.Ordinal)));

        await AssertStateAndPlacementAsync(cluster, keys);
        Assert.All(moved, key => Assert.True(joined.HasActivation(key)));
    }

    [Fact]
    public async Task StopSilo_ItsGrainsMoveToSurvivors_StateSurvives()
    {
        var events = new ClusterEvents();
        await using var cluster = await fixture.StartClusterAsync(3, events);
        var keys = Keys("leave");
        await WriteAsync(cluster, keys);
        var leaving = cluster.Silos[1];
        var moved = keys.Where(key => leaving.HasActivation(key)).ToList();
        Assert.NotEmpty(moved);

        await cluster.StopSiloAsync(leaving);
        await cluster.WaitForLivenessToStabilizeAsync();

        Assert.All(moved, key => Assert.Contains($"deactivated:{key}:{leaving.SiloAddress}:ShuttingDown", events.Matching($"deactivated:{key}:")));
        await AssertStateAndPlacementAsync(cluster, keys);
    }

    [Fact]
    public async Task StopSilo_CallsQueuedOnItsActivation_AreReroutedAndRunExactlyOnce()
    {
        const int callsPerCaller = 10;
        var events = new ClusterEvents();
        await using var cluster = await fixture.StartClusterAsync(3, events);
        var silos = cluster.Silos;
        var owner = silos[2];
        var key = Enumerable.Range(0, 1000).Select(i => $"queued-{i}-{Guid.NewGuid():N}").First(k => owner.OwnerOf(k) == owner.SiloAddress);
        var callers = silos.Where(silo => silo != owner).ToList();

        // One call holds the activation's turn; the others queue behind it on the owner.
        var gated = callers[0].GrainFactory.GetGrain<ICounterGrain>(key).AddAfterGate(1, key);
        await events.WhenRecorded($"entered:{key}:{owner.SiloAddress}").WaitAsync(Wait.Patience);
        var queued = callers.SelectMany(caller => Enumerable.Range(0, callsPerCaller).Select(_ => caller.GrainFactory.GetGrain<ICounterGrain>(key).Add(1))).ToList();
        var activation = owner.Catalog().Find(ClusterTestExtensions.CounterId(key))!;
        await Wait.UntilAsync(() => activation.QueuedCount == queued.Count, "every call is queued on the owner");

        // The owner leaves while they wait: once the held turn ends, the queued calls are refused as moved, unrun.
        var stop = cluster.StopSiloAsync(owner);
        await Wait.UntilAsync(() => activation.IsDeactivating, "the leaving silo started deactivating the grain");
        events.Open(key);

        Assert.Equal(1, await gated);
        var results = await Task.WhenAll(queued);
        await stop;

        Assert.Equal(Enumerable.Range(2, queued.Count), results.Order());
        Assert.Equal(1 + queued.Count, await cluster.GrainFactory.GetGrain<ICounterGrain>(key).Get());
        var newOwner = cluster.Silos.Single(silo => silo.HasActivation(key));
        Assert.Contains($"activated:{key}:{newOwner.SiloAddress}", events.Matching($"activated:{key}:"));
    }

    [Fact]
    public async Task KillSilo_DuringStreamOfWrites_EveryAcknowledgedWriteIsReadable()
    {
        var events = new ClusterEvents();
        await using var cluster = await fixture.StartClusterAsync(3, events);
        var victim = cluster.Silos[2];
        var survivors = cluster.Silos.Take(2).ToList();

        // Half the writers' grains live on the silo that dies.
        var keys = Enumerable.Range(0, 1000).Select(i => $"stream-{i}-{Guid.NewGuid():N}")
            .GroupBy(key => victim.OwnerOf(key) == victim.SiloAddress)
            .SelectMany(group => group.Take(3))
            .ToList();
        Assert.Equal(6, keys.Count);

        using var stop = new CancellationTokenSource();
        var progress = keys.Select(_ => new WriterProgress()).ToArray();
        var writers = keys.Select((key, i) => Task.Run(() => WriteUntilStoppedAsync(survivors[i % 2].GrainFactory.GetGrain<ICounterGrain>(key), progress[i], stop.Token))).ToList();
        await Wait.UntilAsync(() => progress.All(p => p.Acknowledged >= 5), "every writer had writes acknowledged");

        await cluster.KillSiloAsync(victim);
        await cluster.WaitForLivenessToStabilizeAsync();

        // Every writer must make progress again on the survivors before the stream stops.
        var atRecovery = progress.Select(p => p.Acknowledged).ToArray();
        await Wait.UntilAsync(() => progress.Select((p, i) => p.Acknowledged >= atRecovery[i] + 5).All(done => done), "every writer progressed after the view changed");
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        for (var i = 0; i < keys.Count; i++)
        {
            var stored = await survivors[0].GrainFactory.GetGrain<ICounterGrain>(keys[i]).Get();

            // Each write adds 1 and returns the new value, so the last acknowledged value must still be there; calls
            // that failed may or may not have been applied before the silo died.
            Assert.InRange(stored, progress[i].Acknowledged, progress[i].Attempts);
        }
    }

    private static async Task WriteUntilStoppedAsync(ICounterGrain grain, WriterProgress progress, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Interlocked.Increment(ref progress.Attempts);
            try
            {
                Volatile.Write(ref progress.Acknowledged, await grain.Add(1));
            }
            catch (Exception exception) when (exception is SiloUnavailableException or GrainCallTimeoutException or InconsistentStateException)
            {
                // Not acknowledged: the owner died with it, or a stale activation lost its write race.
                Interlocked.Increment(ref progress.Failures);
                await Task.Delay(20, CancellationToken.None);
            }
        }
    }

    private sealed class WriterProgress
    {
        public int Acknowledged;
        public int Attempts;
        public int Failures;
    }

    private static List<string> Keys(string prefix) => [.. Enumerable.Range(0, GrainCount).Select(i => $"{prefix}-{i}-{Guid.NewGuid():N}")];

    private static async Task WriteAsync(TestCluster cluster, List<string> keys)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            Assert.Equal(i + 1, await cluster.GrainFactory.GetGrain<ICounterGrain>(keys[i]).Add(i + 1));
        }
    }

    /// <summary>Every grain still has the value written for it and now runs on its owner in the current view.</summary>
    private static async Task AssertStateAndPlacementAsync(TestCluster cluster, List<string> keys)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            var grain = cluster.GrainFactory.GetGrain<ICounterGrain>(keys[i]);
            Assert.Equal(i + 1, await grain.Get());
            Assert.Equal(cluster.Primary.OwnerOf(keys[i]).ToString(), await grain.GetSilo());
        }
    }
}

[Collection(SqliteClusterCollection.Name)]
public sealed class SqliteMembershipChangeTests(SqliteClusterFixture fixture) : MembershipChangeTests<SqliteDatabaseFixture>(fixture);

[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresMembershipChangeTests(PostgresClusterFixture fixture) : MembershipChangeTests<PostgresDatabaseFixture>(fixture);
