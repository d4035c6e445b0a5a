namespace OrleansAuth.Grains.Interfaces;

/// <summary>One entry of <c>GET /sessions</c>.</summary>
public sealed record SessionInfo(
    Guid SessionId,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUsedAt,
    DateTimeOffset ExpiresAt,
    string? UserAgent,
    string? ClientAddress,
    bool Current);
