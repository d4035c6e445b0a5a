namespace OrleansAuth.Api.Auth.Responses;

/// <summary>200 of login and refresh. Lifetimes in seconds from now.</summary>
internal sealed record TokensResponse(
    string AccessToken,
    string RefreshToken,
    string TokenType,
    long ExpiresIn,
    long RefreshExpiresIn,
    Guid UserId,
    Guid SessionId);
