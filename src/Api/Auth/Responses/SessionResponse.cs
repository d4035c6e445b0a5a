namespace OrleansAuth.Api.Auth.Responses;

/// <summary>One element of GET /sessions.</summary>
internal sealed record SessionResponse(
    Guid SessionId,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUsedAt,
    DateTimeOffset ExpiresAt,
    string? UserAgent,
    string? Ip,
    bool Current);
