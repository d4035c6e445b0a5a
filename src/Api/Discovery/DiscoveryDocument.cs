namespace OrleansAuth.Api.Discovery;

/// <summary>The OpenID Connect discovery document: what a downstream verifier needs to check our access tokens.</summary>
internal sealed record DiscoveryDocument(
    string Issuer,
    string JwksUri,
    IReadOnlyList<string> IdTokenSigningAlgValuesSupported,
    IReadOnlyList<string> SubjectTypesSupported,
    IReadOnlyList<string> ClaimsSupported);
