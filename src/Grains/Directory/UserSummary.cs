using System.Collections.Immutable;

namespace OrleansAuth.Grains.Directory;

/// <summary>One row of the <c>users</c> projection (sql/*/0006_users.sql).</summary>
public sealed record UserSummary(
    Guid UserId,
    string Email,
    bool EmailVerified,
    bool Disabled,
    ImmutableArray<string> Roles,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
