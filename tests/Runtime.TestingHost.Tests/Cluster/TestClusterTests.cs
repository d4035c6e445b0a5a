using Microsoft.Extensions.DependencyInjection;
using OrleansAuth.Runtime.Membership;
using OrleansAuth.Runtime.Membership.Table;
using OrleansAuth.Runtime.TestingHost.Tests.Grains;
using OrleansAuth.Runtime.TestingHost.Tests.Infrastructure;
using OrleansAuth.Runtime.Tests.Storage;

namespace OrleansAuth.Runtime.TestingHost.Tests.Cluster;

/// <summary>The testing host's own contract: kill is abrupt, restart is a new generation.</summary>
public abstract class TestClusterTests<TDatabase>(ClusterFixture<TDatabase> fixture)
    where TDatabase : class, IDatabaseFixture, new()
{
    [Fact]
    public async Task KillSilo_RowStaysActiveUntilTheOthersVoteItDead()
    {
        await using var cluster = await fixture.StartClusterAsync(3, new ClusterEvents());
        var victim = cluster.Silos[1];
        var table = cluster.Primary.Services.GetRequiredService<IMembershipTable>();

        await cluster.KillSiloAsync(victim);

        // No goodbye: nothing was written on its behalf.
        Assert.Equal(MembershipStatus.Active, (await table.ReadAllAsync(CancellationToken.None)).GetStatus(victim.SiloAddress));
        Assert.False(victim.IsRunning);
        Assert.Equal(2, cluster.Silos.Count);

        await cluster.WaitForLivenessToStabilizeAsync();
        var member = (await table.ReadAllAsync(CancellationToken.None)).Members[victim.SiloAddress];
        Assert.Equal(MembershipStatus.Dead, member.Status);
        Assert.NotEmpty(member.Suspicions);
    }

    [Fact]
    public async Task RestartSilo_SamePortNewGeneration_JoinsAndServesItsGrains()
    {
        await using var cluster = await fixture.StartClusterAsync(2, new ClusterEvents());
        var old = cluster.Silos[1];
        var key = Enumerable.Range(0, 1000).Select(i => $"restart-{i}-{Guid.NewGuid():N}").First(k => old.OwnerOf(k) == old.SiloAddress);
        Assert.Equal(7, await cluster.GrainFactory.GetGrain<ICounterGrain>(key).Add(7));

        var restarted = await cluster.RestartSiloAsync(old);
        await cluster.WaitForLivenessToStabilizeAsync();

        Assert.True(restarted.SiloAddress.IsSameEndpoint(old.SiloAddress));
        Assert.True(restarted.SiloAddress.Generation > old.SiloAddress.Generation);
        Assert.Equal(old.Name, restarted.Name);
        var snapshot = cluster.Primary.Services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot;
        Assert.Equal(MembershipStatus.Dead, snapshot.GetStatus(old.SiloAddress));

        // The ring is over identities; this key may land elsewhere now, but its state is there wherever it runs.
        Assert.Equal(8, await cluster.GrainFactory.GetGrain<ICounterGrain>(key).Add(1));
        Assert.Equal(restarted.OwnerOf(key).ToString(), await cluster.GrainFactory.GetGrain<ICounterGrain>(key).GetSilo());
    }
}

[Collection(SqliteClusterCollection.Name)]
public sealed class SqliteTestClusterTests(SqliteClusterFixture fixture) : TestClusterTests<SqliteDatabaseFixture>(fixture);

[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresTestClusterTests(PostgresClusterFixture fixture) : TestClusterTests<PostgresDatabaseFixture>(fixture);
