using Microsoft.Extensions.DependencyInjection;
using OrleansAuth.Runtime.Membership;
using OrleansAuth.Runtime.TestingHost.Tests.Grains;
using OrleansAuth.Runtime.TestingHost.Tests.Infrastructure;
using OrleansAuth.Runtime.Tests.Storage;

namespace OrleansAuth.Runtime.TestingHost.Tests.Cluster;

/// <summary>A silo cut off from the others while one of its activations is in the middle of a turn.</summary>
public abstract class PartitionTests<TDatabase>(ClusterFixture<TDatabase> fixture)
    where TDatabase : class, IDatabaseFixture, new()
{
    [Fact]
    public async Task IsolateSilo_StaleActivationWritesAfterNewOwner_IsRejectedAndNewerStateKept()
    {
        var events = new ClusterEvents();
        await using var cluster = await fixture.StartClusterAsync(3, events);
        var isolated = cluster.Silos[2];
        var survivor = cluster.Silos[0];
        var key = Enumerable.Range(0, 1000).Select(i => $"partition-{i}-{Guid.NewGuid():N}").First(k => isolated.OwnerOf(k) == isolated.SiloAddress);
        Assert.Equal(10, await survivor.GrainFactory.GetGrain<ICounterGrain>(key).Add(10));

        // The isolated silo's activation read version 1 and is now inside a turn that will write on top of it.
        var stale = isolated.GrainFactory.GetGrain<ICounterGrain>(key).AddAfterGate(1000, key);
        await events.WhenRecorded($"entered:{key}:{isolated.SiloAddress}").WaitAsync(Wait.Patience);

        await cluster.IsolateSiloAsync(isolated);
        await Wait.UntilAsync(
            () => survivor.Services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.GetStatus(isolated.SiloAddress) == MembershipStatus.Dead,
            "the others declared the isolated silo Dead");
        await cluster.WaitForLivenessToStabilizeAsync();

        // The grain now lives on a survivor, which writes a newer version.
        Assert.Equal(11, await survivor.GrainFactory.GetGrain<ICounterGrain>(key).Add(1));

        events.Open(key);
        await Assert.ThrowsAsync<InconsistentStateException>(() => stale);
        Assert.Equal(11, await survivor.GrainFactory.GetGrain<ICounterGrain>(key).Get());

        // It read itself Dead in the table and stopped, as a real process would.
        await Wait.UntilAsync(() => !isolated.IsRunning, "the isolated silo stopped itself");
        Assert.DoesNotContain(isolated, cluster.Silos);
    }
}

[Collection(SqliteClusterCollection.Name)]
public sealed class SqlitePartitionTests(SqliteClusterFixture fixture) : PartitionTests<SqliteDatabaseFixture>(fixture);

[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresPartitionTests(PostgresClusterFixture fixture) : PartitionTests<PostgresDatabaseFixture>(fixture);
