using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace OrleansAuth.Api.Tokens;

/// <summary>The outcome of checking an access token: its identity, or the exception that says why not.</summary>
internal sealed class AccessTokenValidationResult
{
    private AccessTokenValidationResult(ClaimsIdentity? identity, JsonWebToken? token, Exception? exception)
    {
        Identity = identity;
        SecurityToken = token;
        Exception = exception;
    }

    [MemberNotNullWhen(true, nameof(Identity), nameof(SecurityToken))]
    [MemberNotNullWhen(false, nameof(Exception))]
    public bool IsValid => Identity is not null && SecurityToken is not null;

    public ClaimsIdentity? Identity { get; }

    public JsonWebToken? SecurityToken { get; }

    public Exception? Exception { get; }

    public static AccessTokenValidationResult Valid(ClaimsIdentity identity, JsonWebToken token) => new(identity, token, null);

    public static AccessTokenValidationResult Invalid(Exception exception) => new(null, null, exception);
}
