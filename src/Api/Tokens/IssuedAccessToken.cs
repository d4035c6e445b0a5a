namespace OrleansAuth.Api.Tokens;

/// <summary>A signed access token and the instant it expires.</summary>
internal sealed record IssuedAccessToken(string Token, DateTimeOffset ExpiresAt);
