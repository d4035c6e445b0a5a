namespace OrleansAuth.Api.Tokens;

/// <summary>
/// The access tokens this API issues and accepts (configuration section <c>Auth</c>; the grain's settings in the same
/// section live in the grain project's options). Validated at start.
/// </summary>
public sealed class AccessTokenOptions
{
    public const string SectionName = "Auth";

    /// <summary><c>Auth:Issuer</c>: the <c>iss</c> claim and the base of the discovery document. An absolute http(s)
    /// URL without query or fragment; default <c>http://127.0.0.1:8000</c>.</summary>
    public string Issuer { get; set; } = "http://127.0.0.1:8000";

    /// <summary><c>Auth:Audience</c>: the <c>aud</c> claim. Default <c>orleans-auth</c>.</summary>
    public string Audience { get; set; } = "orleans-auth";

    /// <summary><c>Auth:AccessTokenLifetime</c>: from 1 second to 1 day. Default 15 minutes.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary><c>Auth:ClockSkew</c>: tolerated difference between clocks when checking exp/nbf, at most
    /// 5 minutes. Default 30 seconds.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>Auth:MaxAccessTokenBytes</c>: longer bearer tokens are refused unread (IdentityModel 6.8 must
    /// never parse attacker-sized input). Default 8192.</summary>
    public int MaxAccessTokenBytes { get; set; } = 8192;

    /// <summary><c>Auth:VerifiedTokenCacheSize</c>: access tokens whose signature and claims were checked are remembered
    /// (keyed by the whole token, until their <c>exp</c>) so a repeated bearer token costs no second ES256 check; the
    /// session is still checked with the grain on every request. 0 turns the cache off; at most 1,000,000.
    /// Default 10,000.</summary>
    public int VerifiedTokenCacheSize { get; set; } = 10_000;

    /// <summary>The issuer without a trailing slash, as it appears in tokens and metadata.</summary>
    public string NormalizedIssuer => Issuer.TrimEnd('/');
}
