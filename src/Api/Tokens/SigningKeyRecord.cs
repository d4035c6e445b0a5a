namespace OrleansAuth.Api.Tokens;

/// <summary>A row of <c>signing_keys</c>: the private key still sealed.</summary>
internal sealed record SigningKeyRecord(
    long Generation,
    string Kid,
    string Algorithm,
    byte[] PublicKey,
    byte[] PrivateKey,
    string Protection,
    DateTimeOffset CreatedAt,
    DateTimeOffset ActivatesAt);
