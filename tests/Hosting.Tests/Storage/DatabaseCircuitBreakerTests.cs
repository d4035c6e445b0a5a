using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;
using OrleansAuth.Hosting.Storage;
using OrleansAuth.Hosting.Storage.Database;
using OrleansAuth.Hosting.Storage.Postgres;
using OrleansAuth.Hosting.Tests.Infrastructure;
using Polly.CircuitBreaker;

namespace OrleansAuth.Hosting.Tests.Storage;

/// <summary>
/// Grain storage behind the database circuit breaker, on real PostgreSQL connections: one database that answers
/// (the fixture's) and one address where nothing listens, sharing one breaker as they share one in a silo.
/// </summary>
public sealed class DatabaseCircuitBreakerTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private const string StateName = "state";

    private static readonly StorageOptions _options = new();

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private PostgresAuthDatabase _live = null!;
    private PostgresAuthDatabase _unreachable = null!;
    private DatabaseCircuitBreaker _breaker = null!;

    public async Task InitializeAsync()
    {
        _live = new PostgresAuthDatabase(fixture.ConnectionString, _options, NullLoggerFactory.Instance);
        await GrainStorageTests<PostgresDatabaseFixture>.CreateMigrator(_live).MigrateAsync(CancellationToken.None);
        _unreachable = new PostgresAuthDatabase($"Host=127.0.0.1;Port={ClosedPort()};Username=postgres;Database=postgres;Pooling=false", _options, NullLoggerFactory.Instance);
        _breaker = new DatabaseCircuitBreaker(_unreachable, Options.Create(_options), _time, NullLogger<DatabaseCircuitBreaker>.Instance);
    }

    public async Task DisposeAsync()
    {
        _breaker.Dispose();
        await _live.DisposeAsync();
        await _unreachable.DisposeAsync();
    }

    [Fact]
    public async Task ReadAsync_DatabaseUnreachable_ThrowsStorageUnavailableAndOpensTheCircuitAfterMinimumThroughput()
    {
        using var gauge = new BreakerGauge();
        var storage = Storage(_unreachable);
        Assert.Equal(0, gauge.Read());

        for (var i = 0; i < _options.BreakerMinimumThroughput; i++)
        {
            var failure = await Assert.ThrowsAsync<StorageUnavailableException>(() => storage.ReadAsync(NewGrain(), StateName, CancellationToken.None));
            Assert.Equal("The database could not be reached.", failure.Message);
            AssertCrossesTheWire(failure);
        }

        Assert.Equal(CircuitState.Open, _breaker.State);
        Assert.Equal(2, gauge.Read());
        var open = await Assert.ThrowsAsync<StorageUnavailableException>(() => storage.ReadAsync(NewGrain(), StateName, CancellationToken.None));
        Assert.Equal("The database is unavailable; its circuit breaker is open.", open.Message);
        AssertCrossesTheWire(open);
    }

    [Fact]
    public async Task WriteAsync_CircuitOpen_FailsWithoutWritingUntilBreakDurationThenSucceedsAndCloses()
    {
        await OpenCircuitAsync();
        var storage = Storage(_live);
        var grainId = NewGrain();

        // The database answers, but the open circuit refuses the write before it reaches it: nothing is stored.
        await Assert.ThrowsAsync<StorageUnavailableException>(() => storage.WriteAsync(grainId, StateName, "{}"u8.ToArray(), 0, CancellationToken.None));
        Assert.Null(await Inner(_live).ReadAsync(grainId, StateName, CancellationToken.None));

        _time.Advance(_options.BreakerBreakDuration);
        Assert.Equal(1, await storage.WriteAsync(grainId, StateName, "{}"u8.ToArray(), 0, CancellationToken.None));

        Assert.Equal(CircuitState.Closed, _breaker.State);
        Assert.Equal(1, (await Inner(_live).ReadAsync(grainId, StateName, CancellationToken.None))?.Version);
    }

    [Fact]
    public async Task WriteAsync_StaleWrites_PassUnchangedAndKeepTheCircuitClosed()
    {
        var storage = Storage(_live);
        var grainId = NewGrain();
        await storage.WriteAsync(grainId, StateName, "{}"u8.ToArray(), 0, CancellationToken.None);

        for (var i = 0; i < _options.BreakerMinimumThroughput * 2; i++)
        {
            // A stale write proves the database works: it is the grain's problem, not the database's.
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(grainId, StateName, "{}"u8.ToArray(), 0, CancellationToken.None));
        }

        Assert.Equal(CircuitState.Closed, _breaker.State);
    }

    [Fact]
    public async Task PingAsync_DatabaseUnreachable_ReturnsFalseWithinTheHealthCheckTimeout()
    {
        var started = Stopwatch.StartNew();

        Assert.False(await _unreachable.PingAsync(CancellationToken.None));
        Assert.True(await _live.PingAsync(CancellationToken.None));

        // Generous bound: the point is that it does not wait for Npgsql's 15 s default connect timeout.
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"The pings took {started.Elapsed}.");
    }

    [Theory]
    [InlineData("", 2, 5)]
    [InlineData(";Timeout=9;Command Timeout=30", 9, 30)]
    [InlineData(";timeout=9", 9, 5)]
    public async Task Constructor_ConnectionString_GetsTheTimeoutOptionsUnlessItSetsItsOwn(string extra, int connectTimeout, int commandTimeout)
    {
        await using var database = new PostgresAuthDatabase("Host=127.0.0.1;Username=postgres" + extra, _options, NullLoggerFactory.Instance);

        var settings = new NpgsqlConnectionStringBuilder(database.DataSource.ConnectionString);

        Assert.Equal((connectTimeout, commandTimeout), (settings.Timeout, settings.CommandTimeout));
    }

    // A silo returns the failure to the caller either as it is or wrapped by Orleans' state bridge when the activation's
    // read failed: both must reach the API as a StorageUnavailableException (503), not as a codec failure (500).
    private static void AssertCrossesTheWire(StorageUnavailableException failure)
    {
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

        Assert.IsType<StorageUnavailableException>(serializer.Deserialize<Exception>(serializer.SerializeToArray<Exception>(failure)));
        var wrapped = serializer.Deserialize<Exception>(serializer.SerializeToArray<Exception>(new OrleansException("Error from storage provider", failure)));
        Assert.IsType<StorageUnavailableException>(wrapped?.InnerException);
    }

    private async Task OpenCircuitAsync()
    {
        var storage = Storage(_unreachable);
        for (var i = 0; i < _options.BreakerMinimumThroughput; i++)
        {
            await Assert.ThrowsAsync<StorageUnavailableException>(() => storage.ReadAsync(NewGrain(), StateName, CancellationToken.None));
        }

        Assert.Equal(CircuitState.Open, _breaker.State);
    }

    private ResilientGrainStorage Storage(PostgresAuthDatabase database) => new(Inner(database), _breaker);

    private static PostgresGrainStorage Inner(PostgresAuthDatabase database) => new(database, "breaker", NullLogger<PostgresGrainStorage>.Instance);

    private static GrainRowKey NewGrain() => new("counter", Guid.NewGuid().ToString("N"));

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The last value of <c>orleansauth.circuit_breaker.state</c> with tag breaker=database.</summary>
    private sealed class BreakerGauge : IDisposable
    {
        private readonly MeterListener _listener = new();
        private int _value = -1;

        public BreakerGauge()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == DatabaseCircuitBreaker.MeterName && instrument.Name == "orleansauth.circuit_breaker.state")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag is { Key: "breaker", Value: DatabaseCircuitBreaker.BreakerName })
                    {
                        _value = value;
                    }
                }
            });
            _listener.Start();
        }

        public int Read()
        {
            _listener.RecordObservableInstruments();
            return _value;
        }

        public void Dispose() => _listener.Dispose();
    }
}
