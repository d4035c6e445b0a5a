using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace OrleansAuth.Api.Metrics;

/// <summary>Every series of one instrument, keyed by its tags.</summary>
internal sealed class InstrumentState
{
    // Those of ASP.NET Core's http.server.request.duration (and the OpenTelemetry default for seconds).
    private static readonly double[] _secondsBounds = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
    private static readonly double[] _defaultBounds = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly ConcurrentDictionary<string, MetricSeries> _series = new(StringComparer.Ordinal);

    private InstrumentState(Instrument instrument, MetricKind kind, double[]? bucketBounds)
    {
        Instrument = instrument;
        Kind = kind;
        BucketBounds = bucketBounds;
    }

    public Instrument Instrument { get; }

    public MetricKind Kind { get; }

    public double[]? BucketBounds { get; }

    public ICollection<MetricSeries> Series => _series.Values;

    public static InstrumentState? Create(Instrument instrument)
    {
        if (!instrument.GetType().IsGenericType)
        {
            return null;
        }

        var definition = instrument.GetType().GetGenericTypeDefinition();
        MetricKind? kind = definition switch
        {
            _ when definition == typeof(Counter<>) => MetricKind.Counter,
            _ when definition == typeof(ObservableCounter<>) => MetricKind.ObservedCounter,
            _ when definition == typeof(UpDownCounter<>) => MetricKind.UpDownCounter,
            _ when definition == typeof(Histogram<>) => MetricKind.Histogram,
            _ when definition == typeof(Gauge<>) || definition == typeof(ObservableGauge<>) || definition == typeof(ObservableUpDownCounter<>) => MetricKind.Gauge,
            _ => null,
        };
        return kind is { } known
            ? new InstrumentState(instrument, known, known == MetricKind.Histogram ? BoundsOf(instrument) : null)
            : null;
    }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = GetSeries(tags);
        switch (Kind)
        {
            case MetricKind.Counter or MetricKind.UpDownCounter:
                series.Add(value);
                break;
            case MetricKind.Histogram:
                series.Observe(value);
                break;
            default:
                series.Set(value);
                break;
        }
    }

    /// <summary>Before an observable instrument is read again: series its callback no longer reports must vanish.</summary>
    public void ClearObserved()
    {
        if (Instrument.IsObservable)
        {
            _series.Clear();
        }
    }

    private MetricSeries GetSeries(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return _series.GetOrAdd(string.Empty, static (_, state) => new MetricSeries([], state), BucketBounds);
        }

        var labels = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            labels[i] = new(tags[i].Key, Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? string.Empty);
        }

        Array.Sort(labels, static (a, b) => string.CompareOrdinal(a.Key, b.Key));

        // Unit separators cannot occur in tag names and rarely in values; a collision would only merge two series.
        var key = string.Join('\u001f', labels.Select(static label => $"{label.Key}\u001e{label.Value}"));
        return _series.GetOrAdd(key, static (_, state) => new MetricSeries(state.Labels, state.Bounds), (Labels: labels, Bounds: BucketBounds));
    }

    private static double[] BoundsOf(Instrument instrument)
    {
        var advised = instrument switch
        {
            Histogram<double> histogram => histogram.Advice?.HistogramBucketBoundaries?.ToArray(),
            Histogram<float> histogram => histogram.Advice?.HistogramBucketBoundaries?.Select(static b => (double)b).ToArray(),
            Histogram<long> histogram => histogram.Advice?.HistogramBucketBoundaries?.Select(static b => (double)b).ToArray(),
            Histogram<int> histogram => histogram.Advice?.HistogramBucketBoundaries?.Select(static b => (double)b).ToArray(),
            _ => null,
        };
        return advised is { Length: > 0 } ? [.. advised.Distinct().Order()] : instrument.Unit == "s" ? _secondsBounds : _defaultBounds;
    }
}
