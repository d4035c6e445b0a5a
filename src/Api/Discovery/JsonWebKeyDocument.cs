namespace OrleansAuth.Api.Discovery;

/// <summary>One P-256 public key (RFC 7518 §6.2); members are single words, so snake_case leaves them as the RFC spells them.</summary>
internal sealed record JsonWebKeyDocument(string Kty, string Use, string Alg, string Kid, string Crv, string X, string Y);
