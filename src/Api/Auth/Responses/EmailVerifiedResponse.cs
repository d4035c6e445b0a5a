namespace OrleansAuth.Api.Auth.Responses;

/// <summary>200 of verify-email.</summary>
internal sealed record EmailVerifiedResponse(Guid UserId, bool EmailVerified);
