using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansAuth.Runtime.TestingHost.Tests.Grains;
using OrleansAuth.Runtime.TestingHost.Tests.Infrastructure;
using OrleansAuth.Runtime.Tests.Storage;
using Polly.CircuitBreaker;

namespace OrleansAuth.Runtime.TestingHost.Tests.Client;

/// <summary>
/// A cluster client (an API node's way to the grains) against a real cluster: one hop to the owner, fail-fast while a
/// dead owner is still in its view, recovery on the new owner with the grain's state, no re-send of a call that may
/// have run, a stale view corrected by the silos. Each test runs its own cluster on a fresh database.
/// </summary>
public abstract class ClusterClientTests<TDatabase>(ClusterFixture<TDatabase> fixture)
    where TDatabase : class, IDatabaseFixture, new()
{
    [Fact]
    public async Task Invoke_StableCluster_EachCallGoesOnceStraightToTheOwner()
    {
        await using var cluster = await fixture.StartClusterAsync(3, new ClusterEvents());
        await using var client = await ClusterClientHost.StartAsync(cluster.Options);
        await client.WaitForViewAsync(cluster);
        var keys = Enumerable.Range(0, 30).Select(i => $"hop-{i}-{Guid.NewGuid():N}").ToArray();

        foreach (var key in keys)
        {
            Assert.Equal(1, await client.Grains.GetGrain<ICounterGrain>(key).Add(1));
        }

        // One send per call, and each grain runs where the silos' own directory puts it: the client sent it there,
        // since a silo receiving a call for another silo's grain would have forwarded it (a second hop, a second silo
        // on the way) or answered "moved" (a second send).
        Assert.Equal(keys.Length, client.Statistics.Sends);
        Assert.Equal(0, client.Statistics.MovedRetries);
        foreach (var key in keys)
        {
            var owner = cluster.Primary.OwnerOf(key);
            Assert.Equal([owner], cluster.Silos.Where(silo => silo.HasActivation(key)).Select(silo => (Runtime.Cluster.SiloAddress?)silo.SiloAddress));
        }

        Assert.All(cluster.Silos, silo => Assert.Contains(keys, silo.HasActivation));
    }

    [Fact]
    public async Task Invoke_OwnerKilledWithoutFailoverWait_FailsFastWhileViewCatchesUpThenSucceedsOnNewOwnerWithState()
    {
        await using var cluster = await fixture.StartClusterAsync(3, new ClusterEvents());

        // A long break, so the circuit certainly stays open until the silos have voted the victim Dead; no failover
        // wait, so calls the circuit refuses fail at once.
        await using var client = await ClusterClientHost.StartAsync(
            cluster.Options, ("ClusterClient:BreakerBreakDuration", "00:05:00"), ("ClusterClient:FailoverWait", "00:00:00"));
        await client.WaitForViewAsync(cluster);
        var victim = cluster.Silos[0];
        var key = KeyOwnedBy(victim);
        var counter = client.Grains.GetGrain<ICounterGrain>(key);
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(i, await counter.Add(1));
        }

        await cluster.KillSiloAsync(victim);

        var failedFast = 0;
        var result = 0;
        await Wait.UntilAsync(
            async () =>
            {
                var sendsBefore = client.Statistics.Sends;
                try
                {
                    result = await counter.Add(1);
                    return true;
                }
                catch (SiloUnavailableException unavailable) when (unavailable.InnerException is BrokenCircuitException)
                {
                    // Refused by the open circuit without touching the network.
                    Assert.Equal(sendsBefore, client.Statistics.Sends);
                    failedFast++;
                    return false;
                }
                catch (SiloUnavailableException)
                {
                    return false;
                }
            },
            "a call succeeds on the new owner");

        Assert.True(failedFast > 0, "Calls to the dead owner should have failed fast through its open circuit.");

        // None of the failed calls ran (the victim was unreachable) and no acknowledged add was lost.
        Assert.Equal(4, result);
        Assert.DoesNotContain(client.View.ActiveMembers, member => member.Address == victim.SiloAddress);
        var newOwner = cluster.Primary.OwnerOf(key);
        Assert.NotEqual(victim.SiloAddress, newOwner);
        Assert.True(cluster.Silos.Single(silo => silo.SiloAddress == newOwner).HasActivation(key));
        Assert.Equal(4, await counter.Get());
    }

    [Fact]
    public async Task Invoke_OwnerKilled_WaitsForTheViewThenSucceedsOnNewOwnerWithState()
    {
        await using var cluster = await fixture.StartClusterAsync(3, new ClusterEvents());
        await using var client = await ClusterClientHost.StartAsync(cluster.Options, ("ClusterClient:FailoverWait", "00:00:20"));
        await client.WaitForViewAsync(cluster);
        var victim = cluster.Silos[0];
        var key = KeyOwnedBy(victim);
        var counter = client.Grains.GetGrain<ICounterGrain>(key);
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(i, await counter.Add(1));
        }

        await cluster.KillSiloAsync(victim);

        // A first call may still go out on the connection before the client sees it close; it then may have reached
        // the silo, so it fails rather than run twice (the victim is dead, so it did not run).
        int baseline;
        try
        {
            baseline = await counter.Add(1);
        }
        catch (SiloUnavailableException)
        {
            baseline = 3;
        }

        // Issued while the view still names the dead owner: refused (or stopped by the circuit) without running, the
        // calls wait until the silos vote the victim Dead and then run once each on the new owner, none failing.
        var adds = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => counter.Add(1)));

        Assert.Equal(Enumerable.Range(baseline + 1, 8), adds.Order());
        Assert.True(client.Statistics.FailoverRetries > 0, "The calls should have waited for the view to move the grain.");
        Assert.DoesNotContain(client.View.ActiveMembers, member => member.Address == victim.SiloAddress);
        var newOwner = cluster.Primary.OwnerOf(key);
        Assert.NotEqual(victim.SiloAddress, newOwner);
        Assert.Equal(baseline + 8, await counter.Get());
    }

    [Fact]
    public async Task Invoke_OwnerKilledAndFailoverWaitShorterThanDetection_FailsWithSiloUnavailable()
    {
        await using var cluster = await fixture.StartClusterAsync(3, new ClusterEvents());

        // Failure detection needs several missed probes a second apart: far longer than this wait.
        await using var client = await ClusterClientHost.StartAsync(cluster.Options, ("ClusterClient:FailoverWait", "00:00:00.200"));
        await client.WaitForViewAsync(cluster);
        var victim = cluster.Silos[0];
        var counter = client.Grains.GetGrain<ICounterGrain>(KeyOwnedBy(victim));
        Assert.Equal(1, await counter.Add(1));

        await cluster.KillSiloAsync(victim);

        await Assert.ThrowsAsync<SiloUnavailableException>(() => counter.Add(1));
        Assert.Equal(0, client.Statistics.FailoverRetries);
    }

    [Fact]
    public async Task Invoke_ConnectionLostAfterSend_FailsWithoutResending()
    {
        var events = new ClusterEvents();
        await using var cluster = await fixture.StartClusterAsync(2, events);
        await using var client = await ClusterClientHost.StartAsync(cluster.Options);
        await client.WaitForViewAsync(cluster);
        var victim = cluster.Silos[0];
        var key = KeyOwnedBy(victim);
        var gate = $"held-{Guid.NewGuid():N}";

        var call = client.Grains.GetGrain<ICounterGrain>(key).AddAfterGate(1, gate);
        await events.WhenRecorded($"entered:{gate}:{victim.SiloAddress}");
        await cluster.KillSiloAsync(victim);

        // The call reached the grain, so it may have run: it fails rather than run a second time elsewhere.
        await Assert.ThrowsAsync<SiloUnavailableException>(() => call);
        Assert.Equal(1, client.Statistics.Sends);
        Assert.Equal(0, client.Statistics.UnreachableRetries);
        Assert.Single(events.Matching($"entered:{gate}:"));
    }

    [Fact]
    public async Task Invoke_ConnectionLostDuringReadOnlyCall_ReadsAgainOnTheNewOwner()
    {
        var events = new ClusterEvents();
        await using var cluster = await fixture.StartClusterAsync(3, events);
        await using var client = await ClusterClientHost.StartAsync(cluster.Options, ("ClusterClient:FailoverWait", "00:00:20"));
        await client.WaitForViewAsync(cluster);
        var victim = cluster.Silos[0];
        var key = KeyOwnedBy(victim);
        var counter = client.Grains.GetGrain<ICounterGrain>(key);
        Assert.Equal(5, await counter.Add(5));
        var gate = $"read-{Guid.NewGuid():N}";

        var read = counter.GetAfterGate(gate);
        await events.WhenRecorded($"entered:{gate}:{victim.SiloAddress}");
        await cluster.KillSiloAsync(victim);

        // A reader changes nothing, so running it again is harmless: it is sent to the new owner once the view moves.
        await Wait.UntilAsync(() => events.Matching($"entered:{gate}:").Count == 2, "the read reaches the new owner");
        events.Open(gate);

        Assert.Equal(5, await read);
        Assert.NotEqual($"entered:{gate}:{victim.SiloAddress}", events.Matching($"entered:{gate}:")[1]);
    }

    [Fact]
    public async Task Invoke_ViewStaleAfterJoin_SilosRouteTheCallToTheNewOwnerAndItRunsOnce()
    {
        await using var cluster = await fixture.StartClusterAsync(2, new ClusterEvents());

        // The client does not read the table again on its own during the test.
        await using var client = await ClusterClientHost.StartAsync(cluster.Options, ("ClusterClient:ViewRefreshInterval", "00:10:00"));
        await client.WaitForViewAsync(cluster);
        var staleVersion = client.View.Version;
        var joined = await cluster.StartAdditionalSiloAsync();
        await cluster.WaitForLivenessToStabilizeAsync();
        var key = Enumerable.Range(0, 1000).Select(i => $"stale-{i}-{Guid.NewGuid():N}").First(k => joined.OwnerOf(k) == joined.SiloAddress);

        Assert.Equal(1, await client.Grains.GetGrain<ICounterGrain>(key).Add(1));

        Assert.Equal(staleVersion, client.View.Version);
        Assert.True(joined.HasActivation(key));
        Assert.Equal(1, await client.Grains.GetGrain<ICounterGrain>(key).Get());
    }

    [Fact]
    public async Task Invoke_OwnerLeftViewStale_NotSentCallIsSentOnceMoreToTheNewOwner()
    {
        var events = new ClusterEvents();
        await using var cluster = await fixture.StartClusterAsync(3, events);

        // The client does not read the table again on its own during the test.
        await using var client = await ClusterClientHost.StartAsync(cluster.Options, ("ClusterClient:ViewRefreshInterval", "00:10:00"));
        await client.WaitForViewAsync(cluster);
        var leaving = cluster.Silos[0];
        var key = KeyOwnedBy(leaving);
        var counter = client.Grains.GetGrain<ICounterGrain>(key);
        Assert.Equal(1, await counter.Add(1));
        await cluster.StopSiloAsync(leaving);
        await cluster.WaitForLivenessToStabilizeAsync();
        var sendsBefore = client.Statistics.Sends;

        // The stale view still names the departed silo: the connection is refused before anything is sent, so the
        // client reads the table and sends the call once to the new owner.
        Assert.Equal(2, await counter.Add(1));

        Assert.Equal(1, client.Statistics.UnreachableRetries);
        Assert.Equal(sendsBefore + 1, client.Statistics.Sends);
        Assert.Equal(2, await counter.Get());
        Assert.True(cluster.Silos.Single(silo => silo.SiloAddress == cluster.Primary.OwnerOf(key)).HasActivation(key));
    }

    [Fact]
    public async Task Invoke_NoActiveSilo_FailsUnavailableAndNotReadyUntilASiloJoins()
    {
        var events = new ClusterEvents();
        await using var cluster = await fixture.StartClusterAsync(0, events);
        await using var client = await ClusterClientHost.StartAsync(cluster.Options);
        var counter = client.Grains.GetGrain<ICounterGrain>("nobody");

        await Assert.ThrowsAsync<SiloUnavailableException>(() => counter.Add(1));
        Assert.Equal(HealthStatus.Unhealthy, await CheckReadinessAsync(client));

        var silo = await cluster.StartAdditionalSiloAsync();
        await Wait.UntilAsync(async () => await CheckReadinessAsync(client) == HealthStatus.Healthy, "the client is ready");
        Assert.Equal(1, await counter.Add(1));
        Assert.True(silo.HasActivation("nobody"));
    }

    [Theory]
    [InlineData("ClusterClient:MaxSendAttempts", "0")]
    [InlineData("ClusterClient:BreakerFailureRatio", "1.5")]
    [InlineData("ClusterClient:BreakerBreakDuration", "00:00:00.1")]
    [InlineData("ClusterClient:MinViewRefreshInterval", "00:01:00")]
    [InlineData("ClusterClient:FailoverWait", "-00:00:01")]
    public async Task Start_InvalidClientSetting_FailsNamingTheKey(string key, string value)
    {
        var options = new TestClusterOptions { ConnectionString = fixture.Database.ConnectionString };
        options.StorageProvider = fixture.Database is PostgresDatabaseFixture ? "postgres" : "sqlite";

        var error = await Assert.ThrowsAnyAsync<Exception>(() => ClusterClientHost.StartAsync(options, (key, value)));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    private static async Task<HealthStatus> CheckReadinessAsync(ClusterClientHost client)
    {
        var health = client.Services.GetRequiredService<HealthCheckService>();
        return (await health.CheckHealthAsync()).Status;
    }

    private static string KeyOwnedBy(SiloHandle owner) =>
        Enumerable.Range(0, 1000).Select(i => $"owned-{i}-{Guid.NewGuid():N}").First(key => owner.OwnerOf(key) == owner.SiloAddress);
}

[Collection(SqliteClusterCollection.Name)]
public sealed class SqliteClusterClientTests(SqliteClusterFixture fixture) : ClusterClientTests<SqliteDatabaseFixture>(fixture);

[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresClusterClientTests(PostgresClusterFixture fixture) : ClusterClientTests<PostgresDatabaseFixture>(fixture);
