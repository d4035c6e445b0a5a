using OrleansAuth.Runtime.Messaging;
using OrleansAuth.Runtime.TestingHost.Tests.Grains;
using OrleansAuth.Runtime.TestingHost.Tests.Infrastructure;
using OrleansAuth.Runtime.Tests.Storage;

namespace OrleansAuth.Runtime.TestingHost.Tests.Cluster;

/// <summary>Placement and routing on a stable 3-silo cluster shared by the collection.</summary>
public abstract class RoutingTests<TDatabase>(ClusterFixture<TDatabase> fixture)
    where TDatabase : class, IDatabaseFixture, new()
{
    private TestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Add_ConcurrentCallsFromEverySilo_EveryCallCountedOnceOnOneActivation()
    {
        const int callsPerSilo = 40;
        var key = $"single-{Guid.NewGuid():N}";
        var silos = Cluster.Silos;
        Assert.Equal(3, silos.Count);

        // Every silo's callers at once, each through its own silo's routing: the first calls race to activate the grain.
        var results = await Task.WhenAll(silos.SelectMany(silo => Enumerable.Range(0, callsPerSilo)
            .Select(_ => Task.Run(() => silo.GrainFactory.GetGrain<ICounterGrain>(key).Add(1)))));

        Assert.Equal(callsPerSilo * silos.Count, await Cluster.GrainFactory.GetGrain<ICounterGrain>(key).Get());
        Assert.Equal(Enumerable.Range(1, callsPerSilo * silos.Count), results.Order());

        var owner = Assert.Single(silos.Select(silo => silo.OwnerOf(key)).Distinct());
        var activated = Assert.Single(fixture.Events.Matching($"activated:{key}:"));
        Assert.Equal($"activated:{key}:{owner}", activated);
        Assert.Equal([owner], silos.Where(silo => silo.HasActivation(key)).Select(silo => (Runtime.Cluster.SiloAddress?)silo.SiloAddress));
    }

    [Fact]
    public async Task Call_ReachingNonOwner_IsForwardedToOwnerAndRunsThere()
    {
        var (key, owner, nonOwner) = PickGrainOwnedElsewhere();
        var caller = Cluster.Silos.First(silo => silo != owner && silo != nonOwner);

        foreach (var hopsSoFar in new[] { 0, 1 })
        {
            var viaNonOwner = GrainInterfaceRegistry.CreateReference<ICounterGrain>(new DirectInvoker(caller.Remote(), nonOwner.SiloAddress, hopsSoFar), key);
            Assert.Equal(hopsSoFar + 1, await viaNonOwner.Add(1));
            Assert.Equal(owner.SiloAddress.ToString(), await viaNonOwner.GetSilo());
        }

        Assert.False(nonOwner.HasActivation(key));
    }

    [Fact]
    public async Task Call_ReachingNonOwnerAfterTwoHops_IsRefusedAsMovedWithOwnerAndNotRun()
    {
        var (key, owner, nonOwner) = PickGrainOwnedElsewhere();
        var caller = Cluster.Silos.First(silo => silo != owner && silo != nonOwner);
        await Cluster.GrainFactory.GetGrain<ICounterGrain>(key).Add(5);

        // A request that was already forwarded twice is never forwarded a third time.
        var exhausted = GrainInterfaceRegistry.CreateReference<ICounterGrain>(new DirectInvoker(caller.Remote(), nonOwner.SiloAddress, 2), key);
        var moved = await Assert.ThrowsAsync<GrainMovedException>(() => exhausted.Add(100));

        Assert.Equal(owner.SiloAddress, moved.Owner);
        Assert.Equal(5, await Cluster.GrainFactory.GetGrain<ICounterGrain>(key).Get());
        Assert.False(nonOwner.HasActivation(key));
    }

    [Fact]
    public async Task Call_ReachingOwnerAfterTwoHops_RunsThere()
    {
        var (key, owner, _) = PickGrainOwnedElsewhere();
        var caller = Cluster.Silos.First(silo => silo != owner);

        // The hop limit only stops forwarding; the owner itself runs the call whatever its count.
        var direct = GrainInterfaceRegistry.CreateReference<ICounterGrain>(new DirectInvoker(caller.Remote(), owner.SiloAddress, 2), key);

        Assert.Equal(3, await direct.Add(3));
    }

    private (string Key, SiloHandle Owner, SiloHandle NonOwner) PickGrainOwnedElsewhere()
    {
        var silos = Cluster.Silos;
        var key = Enumerable.Range(0, 1000).Select(i => $"routed-{Guid.NewGuid():N}").First(k => silos[0].OwnerOf(k) != silos[0].SiloAddress);
        var owner = silos.Single(silo => silo.SiloAddress == silos[0].OwnerOf(key));
        return (key, owner, silos[0]);
    }
}

[Collection(SqliteClusterCollection.Name)]
public sealed class SqliteRoutingTests(SqliteClusterFixture fixture) : RoutingTests<SqliteDatabaseFixture>(fixture);

[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresRoutingTests(PostgresClusterFixture fixture) : RoutingTests<PostgresDatabaseFixture>(fixture);
