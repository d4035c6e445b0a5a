namespace OrleansAuth.Api.Metrics;

/// <summary>How an instrument's measurements are aggregated and which Prometheus type it is exported as.</summary>
internal enum MetricKind
{
    /// <summary>Monotonic sum (Counter): exported as a Prometheus counter.</summary>
    Counter,

    /// <summary>Cumulative value reported by a callback (ObservableCounter): a Prometheus counter.</summary>
    ObservedCounter,

    /// <summary>Sum that can go down (UpDownCounter): a Prometheus gauge.</summary>
    UpDownCounter,

    /// <summary>Last value (Gauge, ObservableGauge, ObservableUpDownCounter): a Prometheus gauge.</summary>
    Gauge,

    /// <summary>Bucketed distribution (Histogram): a Prometheus histogram.</summary>
    Histogram,
}
