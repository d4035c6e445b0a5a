using System.Diagnostics.Metrics;

namespace OrleansAuth.Hosting.Events;

/// <summary>
/// Meter <c>OrleansAuth.Events</c>: the undelivered backlog (as last counted by this node's dispatcher), delivered
/// events, failed attempts by reason, and the webhook circuit breaker's state.
/// </summary>
internal sealed class EventsMetrics
{
    public const string MeterName = "OrleansAuth.Events";
    public const string BreakerStateInstrument = "orleansauth.circuit_breaker.state";

    private readonly Counter<long> _delivered;
    private readonly Counter<long> _failed;
    private long _backlog = -1;
    private Func<int>? _breakerState;

    public EventsMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _delivered = meter.CreateCounter<long>("orleansauth.events.delivered", "{event}", "Events the webhook acknowledged.");
        _failed = meter.CreateCounter<long>("orleansauth.events.failed", "{attempt}", "Delivery attempts that failed, by reason.");
        meter.CreateObservableGauge("orleansauth.events.backlog", ObserveBacklog, "{event}", "Recorded events not yet delivered.");
        meter.CreateObservableGauge(BreakerStateInstrument, ObserveBreaker, description: "Circuit breaker state: 0 closed, 1 half-open, 2 open.");
    }

    public void Delivered() => _delivered.Add(1);

    public void Failed(string reason) => _failed.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void SetBacklog(long count) => Interlocked.Exchange(ref _backlog, count);

    public void ObserveBreaker(Func<int> state) => _breakerState = state;

    private IEnumerable<Measurement<long>> ObserveBacklog()
    {
        var backlog = Interlocked.Read(ref _backlog);
        return backlog < 0 ? [] : [new Measurement<long>(backlog)];
    }

    private IEnumerable<Measurement<int>> ObserveBreaker() =>
        _breakerState is { } state ? [new Measurement<int>(state(), new KeyValuePair<string, object?>("breaker", WebhookSender.BreakerName))] : [];
}
