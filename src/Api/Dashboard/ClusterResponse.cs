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
