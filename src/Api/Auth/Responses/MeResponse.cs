namespace OrleansAuth.Api.Auth.Responses;

/// <summary>200 of GET /me.</summary>
internal sealed record MeResponse(Guid UserId, string Email, bool EmailVerified, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt);
