namespace OrleansAuth.Benchmarks.Harness;

/// <summary>What one measured phase did: operations completed, how long it ran, latency percentiles in microseconds.</summary>
internal sealed record LoadResult(long Operations, double Seconds, double P50Micros, double P99Micros)
{
    public double PerSecond => Operations / Seconds;
}
