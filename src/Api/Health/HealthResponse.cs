namespace OrleansAuth.Api.Health;

/// <summary>Body of GET /health, /health/live and /health/ready (DESIGN.md §4).</summary>
internal sealed record HealthResponse(string Status, string Service, string Version, string Database, string Cluster, DateTimeOffset Timestamp);
