using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OrleansAuth.Runtime.Client;
using OrleansAuth.Runtime.Membership;
using OrleansAuth.Runtime.Statistics;
using OrleansAuth.Runtime.TestingHost.Tests.Grains;
using OrleansAuth.Runtime.TestingHost.Tests.Infrastructure;
using OrleansAuth.Runtime.Tests.Storage;
using Polly.CircuitBreaker;

namespace OrleansAuth.Runtime.TestingHost.Tests.Statistics;

/// <summary>
/// The dashboard's view of a real cluster: every silo's figures fetched over the silo transport (by a cluster client,
/// which has no grains of its own, and by a silo, which reads its own in-process), a silo that does not answer shown
/// without figures, and the client's circuit breaker state as a gauge.
/// </summary>
public abstract class ClusterStatisticsTests<TDatabase>(ClusterFixture<TDatabase> fixture)
    where TDatabase : class, IDatabaseFixture, new()
{
    [Fact]
    public async Task GetSiloStatistics_FromClientAndSilo_EverySiloReportsExactlyItsOwnCallsAndActivations()
    {
        await using var cluster = await fixture.StartClusterAsync(2, new ClusterEvents());
        await using var client = await ClusterClientHost.StartAsync(cluster.Options);
        await client.WaitForViewAsync(cluster);
        var keys = Enumerable.Range(0, 12).Select(i => $"stats-{i}-{Guid.NewGuid():N}").ToArray();
        foreach (var key in keys)
        {
            await client.Grains.GetGrain<ICounterGrain>(key).Add(1);
            await client.Grains.GetGrain<ICounterGrain>(key).Add(1);
        }

        var expected = cluster.Silos.ToDictionary(silo => silo.SiloAddress, silo => keys.Count(key => cluster.Primary.OwnerOf(key) == silo.SiloAddress));
        foreach (var source in new[] { client.Services, cluster.Primary.Services })
        {
            var silos = await source.GetRequiredService<IClusterStatistics>().GetSiloStatisticsAsync(CancellationToken.None);

            Assert.True(cluster.Silos.Select(s => s.SiloAddress).ToHashSet().SetEquals(silos.Select(s => s.Silo)));
            Assert.Equal(cluster.Silos.Count, silos.Count);
            foreach (var silo in silos)
            {
                Assert.Equal(nameof(MembershipStatus.Active), silo.Status);
                Assert.Null(silo.Error);
                var report = Assert.IsType<SiloRuntimeReport>(silo.Report);
                Assert.Equal(silo.Silo.ToString(), report.Silo);
                Assert.Equal(expected[silo.Silo], report.Activations.GetValueOrDefault(ClusterTestExtensions.CounterType));
                var add = report.Methods.SingleOrDefault(m => m.MethodName == nameof(ICounterGrain.Add));
                Assert.Equal(2 * expected[silo.Silo], add?.Calls ?? 0);
                Assert.InRange(report.CpuUsage, 0, 1);
                Assert.True(report.WorkingSetBytes > 0);
            }
        }
    }

    [Fact]
    public async Task GetSiloStatistics_SiloKilled_OthersStillReportAndTheDeadOneHasNoFigures()
    {
        await using var cluster = await fixture.StartClusterAsync(2, new ClusterEvents());
        await using var client = await ClusterClientHost.StartAsync(cluster.Options);
        await client.WaitForViewAsync(cluster);
        var (victim, survivor) = (cluster.Silos[0], cluster.Silos[1]);
        await cluster.KillSiloAsync(victim);

        // Whether the view still lists the victim as Active (asked, no answer) or already Dead (not asked).
        var silos = await client.Services.GetRequiredService<IClusterStatistics>().GetSiloStatisticsAsync(CancellationToken.None);

        var dead = Assert.Single(silos, s => s.Silo == victim.SiloAddress);
        Assert.Null(dead.Report);
        Assert.True(dead.Error is not null || dead.Status != nameof(MembershipStatus.Active));
        Assert.NotNull(Assert.Single(silos, s => s.Silo == survivor.SiloAddress).Report);
    }

    [Fact]
    public async Task CircuitBreakerGauge_OwnerKilled_ReportsClosedThenOpenForThatSilo()
    {
        await using var cluster = await fixture.StartClusterAsync(2, new ClusterEvents());
        await using var client = await ClusterClientHost.StartAsync(cluster.Options, ("ClusterClient:BreakerBreakDuration", "00:05:00"));
        await client.WaitForViewAsync(cluster);
        var victim = cluster.Silos[0];
        var counter = client.Grains.GetGrain<ICounterGrain>(victim.KeyOwnedBy("breaker"));
        await counter.Add(1);
        var breaker = $"silo:{victim.SiloAddress}";
        Assert.Equal(0, ObserveBreakerStates(client.Services)[breaker]);

        await cluster.KillSiloAsync(victim);
        await Wait.UntilAsync(
            async () =>
            {
                try
                {
                    await counter.Add(1);
                }
                catch (SiloUnavailableException exception) when (exception.InnerException is BrokenCircuitException)
                {
                    return true;
                }
                catch (SiloUnavailableException)
                {
                }

                return false;
            },
            "the victim's circuit opens");

        Assert.Equal(2, ObserveBreakerStates(client.Services)[breaker]);
    }

    private static Dictionary<string, int> ObserveBreakerStates(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        var states = new Dictionary<string, int>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name == SiloCircuitBreakers.StateInstrument)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "breaker")
                {
                    states[(string)tag.Value!] = value;
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return states;
    }
}

[Collection(SqliteClusterCollection.Name)]
public sealed class SqliteClusterStatisticsTests(SqliteClusterFixture fixture) : ClusterStatisticsTests<SqliteDatabaseFixture>(fixture);

[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresClusterStatisticsTests(PostgresClusterFixture fixture) : ClusterStatisticsTests<PostgresDatabaseFixture>(fixture);
