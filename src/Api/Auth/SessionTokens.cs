using OrleansAuth.Hosting;
using OrleansAuth.Api.Auth.Responses;
using OrleansAuth.Api.Tokens;
using OrleansAuth.Grains.Interfaces;

namespace OrleansAuth.Api.Auth;

/// <summary>Turns a session grant of the grain into the tokens response: a fresh access token plus the refresh token.</summary>
internal sealed class SessionTokens(AccessTokenIssuer issuer, [FromKeyedServices(ServiceClock.Key)] TimeProvider time)
{
    public const string TokenType = "Bearer";

    public TokensResponse Create(SessionGrant grant)
    {
        var access = issuer.Issue(new AccessTokenSubject(
            grant.UserId.ToString(),
            grant.Email,
            grant.SessionId.ToString(),
            grant.Roles.IsDefault ? [] : grant.Roles));
        var now = time.GetUtcNow();
        return new TokensResponse(
            access.Token,
            grant.RefreshToken,
            TokenType,
            Seconds(access.ExpiresAt - access.IssuedAt),
            Seconds(grant.RefreshTokenExpiresAt - now),
            grant.UserId,
            grant.SessionId);
    }

    private static long Seconds(TimeSpan span) => Math.Max(0, (long)Math.Floor(span.TotalSeconds));
}
