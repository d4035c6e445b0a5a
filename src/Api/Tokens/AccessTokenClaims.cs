namespace OrleansAuth.Api.Tokens;

/// <summary>Claim names of the access token (RFC 9068 plus <c>email</c>, <c>sid</c> and <c>roles</c>).</summary>
internal static class AccessTokenClaims
{
    public const string Subject = "sub";
    public const string Email = "email";
    public const string SessionId = "sid";
    public const string Roles = "roles";
}
