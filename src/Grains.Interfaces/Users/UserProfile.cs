using System.Collections.Immutable;

namespace OrleansAuth.Grains.Interfaces;

/// <summary>The account as clients see it (register, verify-email, <c>GET /me</c>).</summary>
[GenerateSerializer]
[Immutable]
[Alias("OrleansAuth.UserProfile")]
public sealed record UserProfile(
    Guid UserId,
    string Email,
    bool EmailVerified,
    DateTimeOffset? EmailVerifiedAt,
    ImmutableArray<string> Roles,
    bool Disabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
