namespace OrleansAuth.Api.Auth.Responses;

/// <summary>201 of register.</summary>
internal sealed record UserResponse(Guid UserId, string Email, bool EmailVerified);
