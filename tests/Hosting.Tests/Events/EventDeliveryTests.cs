using System.Text.Json;
using OrleansAuth.Hosting.Events;
using OrleansAuth.Hosting.Tests.Infrastructure;
using OrleansAuth.Hosting.Storage;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Hosting.Tests.Events;

/// <summary>
/// Webhook delivery of the outbox against a real Kestrel receiver, on every database. Each test has its own database
/// (the outbox and the lease are per cluster) and a fake clock that moves only when every dispatcher waits for its
/// next pass, so backoff and breaker timing are exact while HTTP and SQL run for real.
/// </summary>
public abstract class EventDeliveryTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : class, IDatabaseFixture
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider _time = new();
    private readonly List<IAsyncDisposable> _disposables = [];
    private WebhookReceiver _receiver = null!;
    private string _connectionString = "";

    protected abstract string Provider { get; }

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _disposables.Add(_receiver);
        _connectionString = await fixture.CreateDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        for (var i = _disposables.Count - 1; i >= 0; i--)
        {
            await _disposables[i].DisposeAsync();
        }
    }

    [Fact]
    public async Task Dispatch_RecordedEvents_ArriveSignedOnceEachInOrderAndAreMarkedDelivered()
    {
        var host = await StartHostAsync();
        using var metrics = new EventsMetricsProbe(host.MeterFactory);
        var written = await RecordAsync(host, ("alice", 4), ("bob", 3));

        await _time.StepUntilAsync(Step, () => _receiver.Acknowledged.Count == 7, "delivery of 7 events", 50, host);

        var attempts = _receiver.Attempts;
        Assert.Equal(7, attempts.Count);
        Assert.All(attempts, attempt => Assert.True(attempt.SignatureValid, "X-Signature must be the HMAC-SHA256 of the body."));
        Assert.All(attempts, attempt => Assert.StartsWith("application/json", attempt.ContentType));
        Assert.Equal(7, attempts.Select(a => a.Id).Distinct().Count());
        var first = written["alice"][0];
        var received = Assert.Single(attempts, a => a.Id == first.Id);
        Assert.Equal(first.Type, received.Type);
        Assert.Equal(first.OccurredAt, received.OccurredAt);
        Assert.Equal("alice", received.Member("grain"));
        Assert.Equal("1", received.Member("n"));
        AssertInOrderPerGrain(attempts, written);
        foreach (var grain in written.Keys)
        {
            Assert.All(await host.Events.ReadGrainAsync(new GrainRowKey("user", grain), CancellationToken.None), row => Assert.NotNull(row.DeliveredAt));
        }

        await _time.StepAsync(Step, host);
        await Wait.UntilAsync(() => host.Dispatcher.IsWaiting, "the pass after the step ends");
        Assert.Equal(7, metrics.Get("orleansauth.events.delivered"));
        Assert.Equal(0, metrics.Get("orleansauth.events.backlog"));
        Assert.Equal(0, metrics.Get($"{EventsMetrics.BreakerStateInstrument}[breaker=webhook]"));
    }

    [Fact]
    public async Task Dispatch_ReceiverDown_BreakerOpensWithoutCallStormThenEveryEventArrivesInOrder()
    {
        _receiver.Failing = true;
        var host = await StartHostAsync();
        using var metrics = new EventsMetricsProbe(host.MeterFactory);
        var written = await RecordAsync(host, ("alice", 5), ("bob", 5), ("carol", 5));

        // 5 minutes of outage. Backoff alone (capped at 2 s here) would try at least once per step; the breaker lets
        // through the attempts that open it (3, plus those already in flight: 2) and one trial per 60 s break.
        const int outageSteps = 150;
        for (var i = 0; i < outageSteps; i++)
        {
            await _time.StepAsync(Step, host);
        }

        var outageAttempts = _receiver.Attempts.Count;
        Assert.InRange(outageAttempts, 3, 3 + 2 + 5 + 1);
        Assert.InRange(metrics.Get($"{EventsMetrics.BreakerStateInstrument}[breaker=webhook]"), 1, 2);
        Assert.Equal(15, metrics.Get("orleansauth.events.backlog"));
        Assert.True(metrics.Get("orleansauth.events.failed[reason=rejected]") >= 3);
        Assert.All(written.Values.SelectMany(e => e), e => Assert.DoesNotContain(_receiver.Acknowledged, a => a.Id == e.Id));

        _receiver.Failing = false;
        await _time.StepUntilAsync(Step, () => _receiver.Acknowledged.Select(a => a.Id).Distinct().Count() == 15, "delivery after recovery", 200, host);

        AssertInOrderPerGrain(_receiver.Attempts, written);
        Assert.All(_receiver.Attempts, attempt => Assert.True(attempt.SignatureValid));
        await Wait.UntilAsync(() => host.Dispatcher.IsWaiting, "the pass ends");
        Assert.Equal(0, metrics.Get($"{EventsMetrics.BreakerStateInstrument}[breaker=webhook]"));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(600)]
    public async Task Dispatch_ReceiverBackAfterOutage_DefaultSettings_BacklogFlowsWithin15Seconds(int outageSeconds)
    {
        _receiver.Failing = true;
        var host = await StartHostAsync(defaults: true);
        var written = await RecordAsync(host, ("alice", 5), ("bob", 5), ("carol", 5));
        await _time.StepUntilAsync(OneSecond, () => _receiver.Attempts.Count > 0, "the first attempt", 10, host);

        for (var i = 0; i < outageSeconds; i++)
        {
            await _time.StepAsync(OneSecond, host);
        }

        Assert.Empty(_receiver.Acknowledged);
        _receiver.Failing = false;

        // Backoff and the breaker's break must not add up: the backlog flows within 15 s of the receiver's return.
        await _time.StepUntilAsync(OneSecond, () => _receiver.Acknowledged.Select(a => a.Id).Distinct().Count() == 15, "delivery of the backlog", 15, host);
        AssertInOrderPerGrain(_receiver.Attempts, written);
    }

    [Fact]
    public async Task Dispatch_ReceiverNotListening_EventsWaitThenArriveInOrderWhenItListensAgain()
    {
        var url = _receiver.Url;
        await _receiver.DisposeAsync();
        var host = await StartHostAsync();
        using var metrics = new EventsMetricsProbe(host.MeterFactory);
        var written = await RecordAsync(host, ("alice", 3), ("bob", 2));

        for (var i = 0; i < 30; i++)
        {
            await _time.StepAsync(Step, host);
        }

        Assert.True(metrics.Get("orleansauth.events.failed[reason=unreachable]") >= 3);
        Assert.Equal(5, metrics.Get("orleansauth.events.backlog"));

        _receiver = await WebhookReceiver.StartAsync(new Uri(url).Port);
        _disposables.Add(_receiver);
        await _time.StepUntilAsync(Step, () => _receiver.Acknowledged.Select(a => a.Id).Distinct().Count() == 5, "delivery once the receiver listens", 200, host);

        AssertInOrderPerGrain(_receiver.Attempts, written);
    }

    [Fact]
    public async Task Dispatch_HostRestartedMidBacklog_RemainingEventsArriveInOrder()
    {
        _receiver.AckLimit = 5;
        var first = await StartHostAsync();
        var written = await RecordAsync(first, ("alice", 12));

        await _time.StepUntilAsync(Step, () => _receiver.Attempts.Count > 5, "a refused delivery after 5 acknowledged", 50, first);
        await first.StopAsync();
        var stored = await first.Events.ReadGrainAsync(new GrainRowKey("user", "alice"), CancellationToken.None);
        Assert.Equal(5, stored.Count(row => row.DeliveredAt is not null));
        Assert.Equal(7, stored.Count(row => row.DeliveredAt is null));

        _receiver.AckLimit = null;
        var second = await StartHostAsync();
        await _time.StepUntilAsync(Step, () => _receiver.Acknowledged.Select(a => a.Id).Distinct().Count() == 12, "delivery after the restart", 100, second);

        AssertInOrderPerGrain(_receiver.Attempts, written);
        Assert.All(await second.Events.ReadGrainAsync(new GrainRowKey("user", "alice"), CancellationToken.None), row => Assert.NotNull(row.DeliveredAt));
    }

    [Fact]
    public async Task Dispatch_TwoHosts_OneDispatcherSendsEachEventOnceAndTheOtherTakesOverOnStop()
    {
        var one = await StartHostAsync();
        var two = await StartHostAsync();
        await _time.StepAsync(Step, one, two);
        await _time.StepAsync(Step, one, two);
        Assert.Equal(1, new[] { one, two }.Count(host => host.Dispatcher.IsActive));

        var written = await RecordAsync(one, ("alice", 6), ("bob", 6));
        await _time.StepUntilAsync(Step, () => _receiver.Acknowledged.Count >= 12, "delivery of 12 events", 50, one, two);
        await _time.StepAsync(Step, one, two);

        // Two dispatchers each sending would duplicate events; one with the lease sends each exactly once.
        Assert.Equal(12, _receiver.Attempts.Count);
        Assert.Equal(12, _receiver.Attempts.Select(a => a.Id).Distinct().Count());
        AssertInOrderPerGrain(_receiver.Attempts, written);

        var (active, standby) = one.Dispatcher.IsActive ? (one, two) : (two, one);
        await active.StopAsync();
        var later = await RecordAsync(standby, ("carol", 3));
        await _time.StepUntilAsync(Step, () => _receiver.Acknowledged.Count >= 15, "delivery by the standby", 50, standby);
        Assert.True(standby.Dispatcher.IsActive);
        AssertInOrderPerGrain(_receiver.Attempts, later);
    }

    [Fact]
    public async Task Dispatch_LeaseHeldByDeadNode_WaitsForItToExpireThenTakesOver()
    {
        // A host without a webhook URL migrates the schema and plants the lease of a node that then "dies".
        var planter = await StartHostAsync(withUrl: false);
        var outbox = (EventOutbox)planter.Services.GetService(typeof(EventOutbox))!;
        var now = _time.GetUtcNow();
        Assert.True(await outbox.TryAcquireLeaseAsync("dead-node", now, now + TimeSpan.FromSeconds(30), CancellationToken.None));
        await RecordAsync(planter, ("alice", 3));

        var host = await StartHostAsync();
        for (var i = 0; i < 14; i++)
        {
            await _time.StepAsync(Step, host);
        }

        Assert.Empty(_receiver.Attempts);
        Assert.False(host.Dispatcher.IsActive);

        await _time.StepUntilAsync(Step, () => _receiver.Acknowledged.Count == 3, "delivery after the dead lease expired", 20, host);
        Assert.True(host.Dispatcher.IsActive);
        Assert.True(_time.GetUtcNow() >= now + TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Dispatch_Delivered_StripsTokensFromStoredDataButSendsThem()
    {
        var host = await StartHostAsync();
        var grainId = new GrainRowKey("user", "alice");
        _receiver.Failing = true;
        await RecordAsync(host, ("alice", 1), ",\"email\":\"alice@example.com\",\"verification_token\":\"vt-secret\",\"reset_token\":\"rt-secret\"");
        var pending = Assert.Single(await host.Events.ReadGrainAsync(grainId, CancellationToken.None));
        Assert.Contains("vt-secret", pending.Event.Data);

        _receiver.Failing = false;
        await _time.StepUntilAsync(Step, () => _receiver.Acknowledged.Count == 1, "delivery", 50, host);

        var received = Assert.Single(_receiver.Acknowledged);
        Assert.Equal("vt-secret", received.Member("verification_token"));
        Assert.Equal("rt-secret", received.Member("reset_token"));
        var delivered = Assert.Single(await host.Events.ReadGrainAsync(grainId, CancellationToken.None));
        Assert.NotNull(delivered.DeliveredAt);
        using var data = JsonDocument.Parse(delivered.Event.Data);
        Assert.False(data.RootElement.TryGetProperty("verification_token", out _));
        Assert.False(data.RootElement.TryGetProperty("reset_token", out _));
        Assert.Equal("alice@example.com", data.RootElement.GetProperty("email").GetString());
        Assert.Equal(1, data.RootElement.GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task Dispatch_NoWebhookUrl_SendsNothingAndKeepsEventsUndelivered()
    {
        var host = await StartHostAsync(withUrl: false);
        await RecordAsync(host, ("alice", 2));

        Assert.NotNull(host.Dispatcher.ExecuteTask);
        await host.Dispatcher.ExecuteTask;
        Assert.False(host.Dispatcher.IsActive);
        Assert.Empty(_receiver.Attempts);
        Assert.All(await host.Events.ReadGrainAsync(new GrainRowKey("user", "alice"), CancellationToken.None), row => Assert.Null(row.DeliveredAt));
    }

    /// <summary>
    /// Every attempt of a grain's event n+1 came after the receiver acknowledged its event n, and every event was
    /// acknowledged; repeats (at-least-once) carry the same id.
    /// </summary>
    private static void AssertInOrderPerGrain(IReadOnlyList<ReceivedAttempt> attempts, IReadOnlyDictionary<string, IReadOnlyList<GrainEvent>> written)
    {
        foreach (var (grain, events) in written)
        {
            var ids = events.Select(e => e.Id).ToList();
            var acknowledged = new HashSet<Guid>();
            foreach (var attempt in attempts.Where(a => a.Member("grain") == grain))
            {
                var index = ids.IndexOf(attempt.Id);
                Assert.True(index >= 0, $"{attempt.Id} is not an event of {grain}.");
                Assert.True(ids.Take(index).All(acknowledged.Contains), $"Event {index + 1} of {grain} was sent before an earlier one was acknowledged.");
                if (attempt.Acknowledged)
                {
                    acknowledged.Add(attempt.Id);
                }
            }

            Assert.True(acknowledged.SetEquals(ids), $"Not every event of {grain} was acknowledged.");
        }
    }

    private async Task<IReadOnlyDictionary<string, IReadOnlyList<GrainEvent>>> RecordAsync(DeliveryHost host, params (string Grain, int Count)[] grains)
    {
        var written = new Dictionary<string, IReadOnlyList<GrainEvent>>();
        foreach (var (grain, count) in grains)
        {
            written[grain] = await host.RecordAsync(grain, count, _time.GetUtcNow());
        }

        return written;
    }

    private async Task RecordAsync(DeliveryHost host, (string Grain, int Count) grain, string extraMembers) =>
        await host.RecordAsync(grain.Grain, grain.Count, _time.GetUtcNow(), extraMembers);

    private async Task<DeliveryHost> StartHostAsync(bool withUrl = true, bool defaults = false)
    {
        var events = defaults ? [] : new Dictionary<string, string?>
        {
            // Longer than any test runs on the fake clock, so only backoff, poll and breaker timers ever fire.
            ["RequestTimeout"] = "00:20:00",
            ["LeaseDuration"] = "01:00:00",
            ["PollInterval"] = "00:00:01",
            ["MinRetryDelay"] = "00:00:01",
            ["MaxRetryDelay"] = "00:00:02",
            ["MaxConcurrentDeliveries"] = "2",
            ["BreakerMinimumThroughput"] = "3",
            ["BreakerSamplingDuration"] = "00:00:30",
            ["BreakerBreakDuration"] = "00:01:00",
        };
        if (withUrl)
        {
            events["WebhookUrl"] = _receiver.Url;
            events["WebhookSecret"] = WebhookReceiver.Secret;
        }

        var host = await DeliveryHost.StartAsync(Provider, _connectionString, events, _time);
        _disposables.Add(host);
        return host;
    }
}

public sealed class SqliteEventDeliveryTests(SqliteDatabaseFixture fixture) : EventDeliveryTests<SqliteDatabaseFixture>(fixture)
{
    protected override string Provider => "sqlite";
}

public sealed class PostgresEventDeliveryTests(PostgresDatabaseFixture fixture) : EventDeliveryTests<PostgresDatabaseFixture>(fixture)
{
    protected override string Provider => "postgres";
}
