using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Numerics;

namespace OrleansAuth.Api.Metrics;

/// <summary>
/// Listens to the instruments /metrics exports and aggregates their measurements in memory: every meter whose name
/// starts with <c>OrleansAuth</c>, Orleans' meter (<c>Microsoft.Orleans</c>: grain calls, activations, membership, messaging) and ASP.NET Core's HTTP server meter. Meters made through this application's
/// <see cref="IMeterFactory"/> and meters made with <c>new Meter(...)</c> are taken; meters of another
/// <see cref="IMeterFactory"/> (another host in the same process, as in tests) are not.
/// </summary>
internal sealed class MetricsCollector : IDisposable
{
    public const string ServiceMeterPrefix = "OrleansAuth";
    public const string HttpServerMeter = "Microsoft.AspNetCore.Hosting";
    public const string OrleansMeter = "Microsoft.Orleans";

    private readonly ConcurrentDictionary<Instrument, InstrumentState> _instruments = new();
    private readonly Lock _collectLock = new();
    private readonly IMeterFactory _meterFactory;
    private readonly MeterListener _listener;

    public MetricsCollector(IMeterFactory meterFactory)
    {
        _meterFactory = meterFactory;
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out InstrumentState? _),
        };
        _listener.SetMeasurementEventCallback<byte>(OnMeasurement);
        _listener.SetMeasurementEventCallback<short>(OnMeasurement);
        _listener.SetMeasurementEventCallback<int>(OnMeasurement);
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.SetMeasurementEventCallback<float>(OnMeasurement);
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.SetMeasurementEventCallback<decimal>(OnMeasurement);
        _listener.Start();
    }

    /// <summary>Reads every observable instrument afresh and returns every exported instrument, ordered by name.</summary>
    public IReadOnlyList<InstrumentState> Collect()
    {
        lock (_collectLock)
        {
            foreach (var state in _instruments.Values)
            {
                state.ClearObserved();
            }

            _listener.RecordObservableInstruments();
            return [.. _instruments.Values.OrderBy(state => state.Instrument.Name, StringComparer.Ordinal).ThenBy(state => state.Instrument.Meter.Name, StringComparer.Ordinal)];
        }
    }

    public void Dispose() => _listener.Dispose();

    private bool IsExported(Instrument instrument)
    {
        var meter = instrument.Meter;
        return (meter.Scope is null || ReferenceEquals(meter.Scope, _meterFactory))
            && (meter.Name.StartsWith(ServiceMeterPrefix, StringComparison.Ordinal) || meter.Name is HttpServerMeter or OrleansMeter);
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (IsExported(instrument) && InstrumentState.Create(instrument) is { } state && _instruments.TryAdd(instrument, state))
        {
            listener.EnableMeasurementEvents(instrument, state);
        }
    }

    private static void OnMeasurement<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        where T : struct, INumber<T>
        => ((InstrumentState)state!).Record(double.CreateSaturating(value), tags);
}
