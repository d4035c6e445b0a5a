namespace OrleansAuth.Api.Dashboard;

/// <summary>GET /dashboard/api/grains: grain types over every silo, busiest first.</summary>
internal sealed record GrainsResponse(DateTimeOffset Timestamp, IReadOnlyList<GrainTypeResponse> GrainTypes);
