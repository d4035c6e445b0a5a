namespace OrleansAuth.Grains.Interfaces;

/// <summary>One entry of <c>GET /sessions</c>.</summary>
[GenerateSerializer]
[Immutable]
[Alias("OrleansAuth.SessionInfo")]
public sealed record SessionInfo(
    Guid SessionId,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUsedAt,
    DateTimeOffset ExpiresAt,
    string? UserAgent,
    string? ClientAddress,
    bool Current);
