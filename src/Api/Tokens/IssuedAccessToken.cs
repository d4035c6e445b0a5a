namespace OrleansAuth.Api.Tokens;

/// <summary>A signed access token, when it was issued (<c>iat</c>) and when it expires (<c>exp</c>).</summary>
internal sealed record IssuedAccessToken(string Token, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);
