using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using OrleansAuth.Api.Tokens;

namespace OrleansAuth.Api.Auth;

/// <summary>Who a validated access token speaks for: user (<c>sub</c>), session (<c>sid</c>) and the grain key (<c>email</c>).</summary>
internal sealed record BearerSubject(Guid UserId, Guid SessionId, string Email)
{
    public static bool TryRead(ClaimsPrincipal? principal, [NotNullWhen(true)] out BearerSubject? subject)
    {
        subject = null;
        if (principal is null
            || !Guid.TryParse(principal.FindFirstValue(AccessTokenClaims.Subject), out var userId)
            || !Guid.TryParse(principal.FindFirstValue(AccessTokenClaims.SessionId), out var sessionId)
            || principal.FindFirstValue(AccessTokenClaims.Email) is not { Length: > 0 } email)
        {
            return false;
        }

        subject = new BearerSubject(userId, sessionId, email);
        return true;
    }

    /// <summary>For handlers behind RequireAuthorization: the bearer events already refused tokens without these claims.</summary>
    public static BearerSubject From(ClaimsPrincipal principal)
        => TryRead(principal, out var subject) ? subject : throw new InvalidOperationException("An authorized request lacks the sub/sid/email claims.");
}
