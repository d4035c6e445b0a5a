namespace OrleansAuth.Api.Dashboard;

/// <summary>One silo; the figures are null when it is not Active or did not answer (see <see cref="Error"/>).</summary>
internal sealed record SiloResponse(
    string Address,
    string Name,
    string Status,
    long? Activations,
    long? Calls,
    double? CallsPerSecond,
    double? CpuUsage,
    long? WorkingSetBytes,
    long? ManagedHeapBytes,
    string? Error);
