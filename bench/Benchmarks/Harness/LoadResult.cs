namespace OrleansAuth.Benchmarks.Harness;

/// <summary>
/// What one measured phase did: operations completed, how long it ran, latency percentiles in microseconds, and the
/// CPU time the whole process used per operation (comparable between runs on a busy machine, where ops/s is not).
/// </summary>
internal sealed record LoadResult(long Operations, double Seconds, double P50Micros, double P99Micros, double CpuMicrosPerOperation)
{
    public double PerSecond => Operations / Seconds;
}
