using System.Collections.Immutable;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using OrleansAuth.Grains.Interfaces;

namespace OrleansAuth.Api.Auth;

/// <summary>
/// A signature alone does not make a bearer token good: its session may have ended (logout, password change,
/// reuse detection) before the token expired. Every bearer-protected request asks the user's grain (a read-only,
/// interleaving call) whether the token's session is still active, and authorizes with the account's current roles;
/// unless the endpoint's handler makes that check itself (<see cref="SessionCheckedByHandler"/>, only on endpoints
/// that need no role).
/// </summary>
internal static class BearerSessionCheck
{
    public static async Task ValidateAsync(TokenValidatedContext context)
    {
        if (!BearerSubject.TryRead(context.Principal, out var subject))
        {
            context.Fail(new SecurityTokenException("The access token lacks the sub, sid or email claim."));
            return;
        }

        if (context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<SessionCheckedByHandler>() is not null)
        {
            return;
        }

        var grains = context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>();
        var aborted = context.HttpContext.RequestAborted;
        AuthResult<ActiveSession> session;
        try
        {
            session = await grains.GetGrain<IUserGrain>(subject.Email).ValidateSessionAsync(subject.UserId, subject.SessionId, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away: nobody reads the answer, and it is not an error worth an error log.
            context.Fail(new SecurityTokenException("The request was aborted."));
            return;
        }

        if (!session.Succeeded)
        {
            context.Fail(new SecurityTokenException("The session of the access token has ended."));
            return;
        }

        UseCurrentRoles(context.Principal!, session.Value.Roles);
    }

    /// <summary>
    /// The token's roles are those of when it was issued; the grain's are current. Authorizing with the grain's means
    /// a demoted administrator loses access at once rather than when the token expires.
    /// </summary>
    private static void UseCurrentRoles(ClaimsPrincipal principal, ImmutableArray<string> roles)
    {
        if (principal.Identity is not ClaimsIdentity identity)
        {
            return;
        }

        foreach (var stale in identity.FindAll(identity.RoleClaimType).ToList())
        {
            identity.RemoveClaim(stale);
        }

        foreach (var role in roles.IsDefault ? [] : roles)
        {
            identity.AddClaim(new Claim(identity.RoleClaimType, role));
        }
    }
}
