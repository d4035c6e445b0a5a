namespace OrleansAuth.Api.Metrics;

/// <summary>
/// The aggregated value of one instrument for one set of tags: a sum (counters), the last value (gauges and
/// observable instruments) or a bucketed distribution (histograms). Updated from any thread.
/// </summary>
internal sealed class MetricSeries(KeyValuePair<string, string>[] labels, double[]? bucketBounds)
{
    private readonly Lock _lock = new();
    private readonly long[]? _bucketCounts = bucketBounds is null ? null : new long[bucketBounds.Length + 1];
    private double _value;
    private double _sum;
    private long _count;

    /// <summary>Tag names and values as recorded (names not yet sanitized), ordered by name.</summary>
    public KeyValuePair<string, string>[] Labels { get; } = labels;

    public void Add(double value)
    {
        lock (_lock)
        {
            _value += value;
        }
    }

    public void Set(double value)
    {
        lock (_lock)
        {
            _value = value;
        }
    }

    public void Observe(double value)
    {
        var bucket = Array.BinarySearch(bucketBounds!, value);

        // Prometheus buckets are "less than or equal": an exact bound belongs to its own bucket.
        bucket = bucket < 0 ? ~bucket : bucket;
        lock (_lock)
        {
            _bucketCounts![bucket]++;
            _sum += value;
            _count++;
        }
    }

    public double Value
    {
        get
        {
            lock (_lock)
            {
                return _value;
            }
        }
    }

    /// <summary>Cumulative counts per bound (the last is +Inf), the sum and the count, read together.</summary>
    public (long[] Cumulative, double Sum, long Count) Distribution()
    {
        lock (_lock)
        {
            var cumulative = new long[_bucketCounts!.Length];
            long running = 0;
            for (var i = 0; i < cumulative.Length; i++)
            {
                running += _bucketCounts[i];
                cumulative[i] = running;
            }

            return (cumulative, _sum, _count);
        }
    }
}
