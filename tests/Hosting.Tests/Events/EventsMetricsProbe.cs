using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OrleansAuth.Hosting.Events;

namespace OrleansAuth.Hosting.Tests.Events;

/// <summary>Listens to the <c>OrleansAuth.Events</c> meter of one host (its meter factory) and keeps totals and last values.</summary>
internal sealed class EventsMetricsProbe : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _values = new();

    public EventsMetricsProbe(IMeterFactory factory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == EventsMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Counter totals and the last observed gauge values, by instrument name (and <c>tag=value</c> of the first tag).</summary>
    public long Get(string name)
    {
        _listener.RecordObservableInstruments();
        return _values.TryGetValue(name, out var value) ? value : 0;
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = tags.Length == 0 ? instrument.Name : $"{instrument.Name}[{tags[0].Key}={tags[0].Value}]";
        if (instrument is ObservableInstrument<long> or ObservableInstrument<int>)
        {
            _values[key] = value;
        }
        else
        {
            _values.AddOrUpdate(key, value, (_, total) => total + value);
        }
    }
}
