using System.Collections.Immutable;

namespace OrleansAuth.Grains.Interfaces;

/// <summary>An active session, as validate-token and bearer checks need it.</summary>
[GenerateSerializer]
[Immutable]
[Alias("OrleansAuth.ActiveSession")]
public sealed record ActiveSession(
    Guid UserId,
    string Email,
    Guid SessionId,
    ImmutableArray<string> Roles,
    DateTimeOffset ExpiresAt);
