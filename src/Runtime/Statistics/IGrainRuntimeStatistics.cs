namespace OrleansAuth.Runtime.Statistics;

/// <summary>Live counters of one silo's grain runtime, read by the dashboard and /metrics.</summary>
public interface IGrainRuntimeStatistics
{
    /// <summary>Activations currently alive on this silo.</summary>
    long ActivationCount { get; }

    /// <summary>Alive activations per grain type.</summary>
    IReadOnlyDictionary<string, long> GetActivationCounts();

    /// <summary>Calls, errors and latency per grain type and method since the silo started.</summary>
    IReadOnlyList<GrainMethodStatistics> GetMethodStatistics();
}
