namespace OrleansAuth.Runtime.Statistics;

/// <summary>
/// One silo's runtime figures at one moment, as the dashboard and /metrics read them: its grain statistics plus
/// process CPU and memory. Crosses the silo transport as JSON, so it stays a plain immutable record.
/// </summary>
/// <param name="Silo">The silo's identity (<c>host:port@generation</c>).</param>
/// <param name="Name"><c>Silo:Name</c>.</param>
/// <param name="Timestamp">When the silo took the figures (its clock).</param>
/// <param name="ActivationCount">Activations alive on the silo.</param>
/// <param name="Activations">Alive activations per grain type.</param>
/// <param name="Methods">Calls, errors and latency per grain method since the silo started.</param>
/// <param name="CpuUsage">
/// Share of the machine's processors the process used since the previous report was taken (0–1), or since the process
/// started for the first report. Sampled only when a report is asked for: nothing runs while nobody looks.
/// </param>
/// <param name="WorkingSetBytes">The process's resident memory.</param>
/// <param name="ManagedHeapBytes">Bytes allocated on the managed heap and not yet collected.</param>
public sealed record SiloRuntimeReport(
    string Silo,
    string Name,
    DateTimeOffset Timestamp,
    long ActivationCount,
    IReadOnlyDictionary<string, long> Activations,
    IReadOnlyList<GrainMethodStatistics> Methods,
    double CpuUsage,
    long WorkingSetBytes,
    long ManagedHeapBytes)
{
    /// <summary>Grain calls the silo has completed since it started, over every method.</summary>
    public long TotalCalls => Methods.Sum(method => method.Calls);
}
