using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace OrleansAuth.Api.Tokens;

/// <summary>One ES256 key of the ring: signs from <see cref="ActivatesAt"/>, verifies while it is published.</summary>
internal sealed class SigningKey
{
    public const string Algorithm = SecurityAlgorithms.EcdsaSha256;

    private SigningKey(long generation, ECDsa privateKey, DateTimeOffset createdAt, DateTimeOffset activatesAt)
    {
        Generation = generation;
        PrivateKey = privateKey;
        CreatedAt = createdAt;
        ActivatesAt = activatesAt;
        var parameters = privateKey.ExportParameters(includePrivateParameters: false);
        X = Base64Url.EncodeToString(parameters.Q.X);
        Y = Base64Url.EncodeToString(parameters.Q.Y);
        Kid = Thumbprint(X, Y);
        PublicKeyInfo = privateKey.ExportSubjectPublicKeyInfo();

        // Verification uses a public-only copy, so nothing that validates tokens can ever sign with it.
        var publicKey = ECDsa.Create(parameters);
        SecurityKey = new ECDsaSecurityKey(publicKey) { KeyId = Kid };
    }

    /// <summary>RFC 7638 JWK thumbprint: the same key always gets the same id on every node.</summary>
    public string Kid { get; }

    public long Generation { get; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset ActivatesAt { get; }

    /// <summary>Base64url P-256 public coordinates, as published in the JWKS.</summary>
    public string X { get; }

    public string Y { get; }

    public byte[] PublicKeyInfo { get; }

    /// <summary>The private key; ECDsa signing on one instance is safe from several threads (OpenSSL EVP contexts
    /// are made per operation).</summary>
    public ECDsa PrivateKey { get; }

    public ECDsaSecurityKey SecurityKey { get; }

    public static SigningKey Generate(long generation, DateTimeOffset createdAt, DateTimeOffset activatesAt)
        => new(generation, ECDsa.Create(ECCurve.NamedCurves.nistP256), createdAt, activatesAt);

    public static SigningKey Import(long generation, ReadOnlySpan<byte> pkcs8, DateTimeOffset createdAt, DateTimeOffset activatesAt)
    {
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(pkcs8, out _);
        if (key.KeySize != 256)
        {
            throw new InvalidOperationException($"Signing key generation {generation} is not a P-256 key.");
        }

        return new SigningKey(generation, key, createdAt, activatesAt);
    }

    public byte[] ExportPrivateKey() => PrivateKey.ExportPkcs8PrivateKey();

    private static string Thumbprint(string x, string y)
    {
        // Members in lexicographic order, no whitespace (RFC 7638 §3.2).
        var canonical = $$"""{"crv":"P-256","kty":"EC","x":"{{x}}","y":"{{y}}"}""";
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
