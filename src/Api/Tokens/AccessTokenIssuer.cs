using OrleansAuth.Hosting;
using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace OrleansAuth.Api.Tokens;

/// <summary>
/// Writes ES256 access tokens (JWS compact form, header <c>typ: at+jwt</c>, RFC 9068) with the current key of the
/// ring. Built directly on System.Text.Json and ECDsa: one allocation-light pass instead of IdentityModel's
/// Newtonsoft-based writer.
/// </summary>
internal sealed class AccessTokenIssuer(SigningKeyRing ring, IOptions<AccessTokenOptions> options, [FromKeyedServices(ServiceClock.Key)] TimeProvider time)
{
    public const string TokenType = "at+jwt";

    private readonly AccessTokenOptions _options = options.Value;

    public IssuedAccessToken Issue(AccessTokenSubject subject)
    {
        var key = ring.Current;
        // Whole seconds, as the claims carry them, so expires_in is exactly the configured lifetime.
        var now = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        var expires = now + _options.AccessTokenLifetime;
        var issuedAt = now.ToUnixTimeSeconds();

        var buffer = new ArrayBufferWriter<byte>(512);
        var header = WriteSegment(buffer, writer =>
        {
            writer.WriteString("alg", "ES256");
            writer.WriteString("kid", key.Kid);
            writer.WriteString("typ", TokenType);
        });
        var payload = WriteSegment(buffer, writer =>
        {
            writer.WriteString("iss", _options.NormalizedIssuer);
            writer.WriteString("aud", _options.Audience);
            writer.WriteString("sub", subject.UserId);
            writer.WriteString("email", subject.Email);
            writer.WriteString("sid", subject.SessionId);
            writer.WriteString("jti", NewTokenId());
            writer.WriteNumber("iat", issuedAt);
            writer.WriteNumber("nbf", issuedAt);
            writer.WriteNumber("exp", expires.ToUnixTimeSeconds());
            writer.WriteStartArray("roles");
            foreach (var role in subject.Roles)
            {
                writer.WriteStringValue(role);
            }

            writer.WriteEndArray();
        });

        var signingInput = $"{header}.{payload}";
        var signature = key.PrivateKey.SignData(System.Text.Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return new IssuedAccessToken($"{signingInput}.{Base64Url.EncodeToString(signature)}", now, DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }

    private static string WriteSegment(ArrayBufferWriter<byte> buffer, Action<Utf8JsonWriter> write)
    {
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Base64Url.EncodeToString(buffer.WrittenSpan);
    }

    private static string NewTokenId()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }
}
