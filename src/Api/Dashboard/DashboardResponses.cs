namespace OrleansAuth.Api.Dashboard;

/// <summary>GET /dashboard/api/cluster: every silo with its status and load.</summary>
internal sealed record ClusterResponse(
    string Mode,
    DateTimeOffset Timestamp,
    int SiloCount,
    int ActiveSiloCount,
    long ActivationCount,
    double CallsPerSecond,
    IReadOnlyList<SiloResponse> Silos);

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

/// <summary>GET /dashboard/api/grains: grain types over every silo, busiest first.</summary>
internal sealed record GrainsResponse(DateTimeOffset Timestamp, IReadOnlyList<GrainTypeResponse> GrainTypes);

internal sealed record GrainTypeResponse(string GrainType, long Activations, long Calls, long Errors, IReadOnlyList<GrainMethodResponse> Methods);

/// <summary>
/// One method over every silo: calls and errors are sums; the mean is exact; p50/p99 are the largest of the silos'
/// (each an upper bound of a power-of-two bucket), so they never understate.
/// </summary>
internal sealed record GrainMethodResponse(string Interface, string Method, long Calls, long Errors, double AverageMs, double P50Ms, double P99Ms);

/// <summary>GET /dashboard/api/membership: the membership view and recent events, newest first.</summary>
internal sealed record MembershipResponse(long Version, IReadOnlyList<MemberResponse> Members, IReadOnlyList<MembershipEvent> Events);

internal sealed record MemberResponse(string Address, string Name, string Status, DateTimeOffset StartTime, DateTimeOffset LastHeartbeat, int Suspicions);
