namespace OrleansAuth.Api.Users.Responses;

/// <summary>One user as the admin endpoints show it.</summary>
internal sealed record AdminUserResponse(
    Guid UserId,
    string Email,
    bool EmailVerified,
    bool Disabled,
    IReadOnlyList<string> Roles,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
