namespace OrleansAuth.Api.Auth.Responses;

/// <summary>200 of validate-token: the token's subject when valid, else <c>is_valid: false</c> and a <c>code</c>.</summary>
internal sealed record TokenValidationResponse(
    bool IsValid,
    Guid? UserId,
    string? Email,
    Guid? SessionId,
    DateTimeOffset? ExpiresAt,
    string? Code)
{
    public static TokenValidationResponse Invalid(string code) => new(false, null, null, null, null, code);
}
