namespace OrleansAuth.Api.Discovery;

/// <summary>RFC 7517 key set: the public keys that verify access tokens now or soon.</summary>
internal sealed record JsonWebKeySetDocument(IReadOnlyList<JsonWebKeyDocument> Keys);
