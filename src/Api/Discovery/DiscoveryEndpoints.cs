using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OrleansAuth.Api.Tokens;

namespace OrleansAuth.Api.Discovery;

/// <summary>
/// GET /.well-known/openid-configuration and /.well-known/jwks.json. The key set includes keys published ahead of
/// their activation and retired keys whose tokens may still be alive; it is cacheable for one key-refresh interval.
/// </summary>
internal static class DiscoveryEndpoints
{
    public const string JwksPath = "/.well-known/jwks.json";

    private static readonly string[] Claims = ["iss", "aud", "sub", "email", "sid", "jti", "iat", "nbf", "exp", "roles"];

    public static IEndpointRouteBuilder MapDiscoveryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/.well-known").WithTags("Discovery");
        group.MapGet("/openid-configuration", GetConfiguration).WithName("GetOpenIdConfiguration")
            .WithSummary("OpenID Connect discovery document: issuer and where the signing keys are.");
        group.MapGet("/jwks.json", GetKeySet).WithName("GetJsonWebKeySet")
            .WithSummary("The public ES256 keys that verify access tokens (current, next and retiring).");
        return endpoints;
    }

    private static Ok<DiscoveryDocument> GetConfiguration(HttpContext context, IOptions<AccessTokenOptions> options, IOptions<SigningKeyOptions> keys, CancellationToken cancellationToken)
    {
        var issuer = options.Value.NormalizedIssuer;
        SetCaching(context, keys.Value);
        return TypedResults.Ok(new DiscoveryDocument(issuer, issuer + JwksPath, [SigningKey.Algorithm], ["public"], Claims));
    }

    private static Ok<JsonWebKeySetDocument> GetKeySet(HttpContext context, SigningKeyRing ring, IOptions<SigningKeyOptions> keys, CancellationToken cancellationToken)
    {
        SetCaching(context, keys.Value);
        return TypedResults.Ok(new JsonWebKeySetDocument(
            [.. ring.Keys.Select(key => new JsonWebKeyDocument("EC", "sig", SigningKey.Algorithm, key.Kid, "P-256", key.X, key.Y))]));
    }

    private static void SetCaching(HttpContext context, SigningKeyOptions keys)
        => context.Response.Headers.CacheControl = $"public, max-age={(int)keys.RefreshInterval.TotalSeconds}";
}
