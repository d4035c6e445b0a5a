namespace OrleansAuth.Runtime.Statistics;

/// <summary>
/// Counters of one grain method. Latency percentiles come from power-of-two microsecond buckets, so they are upper
/// bounds within a factor of two; <see cref="TotalLatency"/> is exact.
/// </summary>
public sealed record GrainMethodStatistics(
    string GrainType,
    string InterfaceName,
    string MethodName,
    long Calls,
    long Errors,
    TimeSpan TotalLatency,
    TimeSpan LatencyP50,
    TimeSpan LatencyP99)
{
    public TimeSpan AverageLatency => Calls == 0 ? TimeSpan.Zero : TotalLatency / Calls;
}
