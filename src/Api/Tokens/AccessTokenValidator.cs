using OrleansAuth.Hosting;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OrleansAuth.Api.Errors;

namespace OrleansAuth.Api.Tokens;

/// <summary>
/// The one place access tokens are checked, for the bearer handler and for POST validate-token alike: JWS compact
/// form only (IdentityModel 6.8 predates the JWE decompression fix, CVE-2024-21319, so nothing else reaches it),
/// size-capped, <c>alg</c> pinned to ES256, <c>typ at+jwt</c>, issuer, audience and lifetime (on the host's
/// TimeProvider, with <c>Auth:ClockSkew</c>) checked, keys only from the ring (never from jwk, jku, x5u or x5c
/// header parameters), and no <c>crit</c> header. Tokens that passed are remembered by
/// <see cref="VerifiedTokenCache"/> until they expire.
/// </summary>
internal sealed class AccessTokenValidator : ISecurityTokenValidator
{
    private const string CriticalHeader = "crit";

    private readonly JsonWebTokenHandler _handler = new();
    private readonly SigningKeyRing _ring;
    private readonly VerifiedTokenCache _verified;
    private readonly TimeProvider _time;
    private readonly int _maxBytes;

    public AccessTokenValidator(SigningKeyRing ring, VerifiedTokenCache verified, IOptions<AccessTokenOptions> options, [FromKeyedServices(ServiceClock.Key)] TimeProvider time)
    {
        _ring = ring;
        _verified = verified;
        _time = time;
        var settings = options.Value;
        _maxBytes = settings.MaxAccessTokenBytes;
        _handler.MaximumTokenSizeInBytes = _maxBytes;
        Parameters = new TokenValidationParameters
        {
            ValidIssuer = settings.NormalizedIssuer,
            ValidAudience = settings.Audience,
            ValidAlgorithms = [SigningKey.Algorithm],
            ValidTypes = [AccessTokenIssuer.TokenType],
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            RequireAudience = true,
            ClockSkew = settings.ClockSkew,
            TryAllIssuerSigningKeys = false,
            IssuerSigningKeyResolver = ResolveKeys,
            LifetimeValidator = ValidateLifetime,
            NameClaimType = AccessTokenClaims.Subject,
            RoleClaimType = AccessTokenClaims.Roles,
            AuthenticationType = "Bearer",
        };
    }

    public TokenValidationParameters Parameters { get; }

    public bool CanValidateToken => true;

    public int MaximumTokenSizeInBytes
    {
        get => _maxBytes;
        set { } // Fixed by Auth:MaxAccessTokenBytes.
    }

    // Always true: a false answer makes JwtBearer 3.1 put the raw token into its failure message.
    public bool CanReadToken(string securityToken) => true;

    public ClaimsPrincipal ValidateToken(string securityToken, TokenValidationParameters validationParameters, out SecurityToken validatedToken)
    {
        var result = Validate(securityToken);
        if (!result.IsValid)
        {
            throw result.Exception;
        }

        validatedToken = result.SecurityToken;
        return new ClaimsPrincipal(result.Identity);
    }

    /// <summary>Never throws for bad input; the result says why a token is not valid.</summary>
    public AccessTokenValidationResult Validate(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > _maxBytes || !IsJwsCompact(token))
        {
            return AccessTokenValidationResult.Invalid(new SecurityTokenException("The token is not a JWS in compact form of acceptable size."));
        }

        if (_verified.TryGet(token, out var identity, out var verifiedToken))
        {
            return AccessTokenValidationResult.Valid(identity, verifiedToken);
        }

        TokenValidationResult result;
        try
        {
            result = _handler.ValidateToken(token, Parameters);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or SecurityTokenException)
        {
            return AccessTokenValidationResult.Invalid(exception);
        }

        if (!result.IsValid)
        {
            return AccessTokenValidationResult.Invalid(result.Exception ?? new SecurityTokenValidationException("The token is not valid."));
        }

        // RFC 7515 §4.1.11: a crit header names extensions the recipient must understand or reject; we understand
        // none (our issuer never sets it), and IdentityModel 6.8 does not check it. Checked before the cache sees it.
        var validated = (JsonWebToken)result.SecurityToken;
        if (validated.TryGetHeaderValue<object>(CriticalHeader, out _))
        {
            return AccessTokenValidationResult.Invalid(new SecurityTokenInvalidTypeException("The token has critical header parameters this service does not understand."));
        }

        _verified.Add(token, result.ClaimsIdentity, validated);
        return AccessTokenValidationResult.Valid(result.ClaimsIdentity, validated);
    }

    /// <summary>The stable error code for a token that did not validate.</summary>
    public static string CodeFor(Exception? exception)
        => exception is SecurityTokenExpiredException ? ErrorCodes.ExpiredToken : ErrorCodes.InvalidToken;

    // Three base64url segments and nothing else: a JWE (five segments) or anything odd never reaches the handler.
    private static bool IsJwsCompact(string token)
    {
        var dots = 0;
        foreach (var c in token)
        {
            if (c == '.')
            {
                dots++;
            }
            else if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                return false;
            }
        }

        return dots == 2;
    }

    private IEnumerable<SecurityKey> ResolveKeys(string token, SecurityToken securityToken, string kid, TokenValidationParameters parameters)
        => _ring.Find(kid) is { } key ? [key.SecurityKey] : [];

    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken securityToken, TokenValidationParameters parameters)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        // JsonWebToken reports a missing exp as DateTime.MinValue rather than null.
        if (expires is null || expires.Value == DateTime.MinValue)
        {
            throw new SecurityTokenNoExpirationException("The token has no expiration time.");
        }

        if (notBefore is { } nbf && nbf > now + parameters.ClockSkew)
        {
            throw new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = nbf };
        }

        if (expires.Value < now - parameters.ClockSkew)
        {
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = expires.Value };
        }

        return true;
    }
}
