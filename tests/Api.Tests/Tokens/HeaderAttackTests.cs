using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Api.Tokens;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Tokens;

/// <summary>
/// JOSE header attacks beyond <see cref="TokenAttackTests"/>: kid traversal and injection, keys offered in the header
/// (jwk, jku, x5u, x5c — the key may only come from our ring, and no URL is ever fetched), crit, alg and typ
/// variants, sizes and encodings. Each forged token is refused by validate-token and by a bearer endpoint.
/// </summary>
public sealed class HeaderAttackTests(SqliteDatabaseFixture fixture) : AuthHostTest<SqliteDatabaseFixture>(fixture)
{
    public static TheoryData<string> Attacks => new()
    {
        "kid path traversal", "kid absolute path", "kid SQL injection", "kid URL", "kid null", "kid number", "kid empty", "kid huge", "kid missing",
        "jwk of the attacker", "jwk of the attacker with our kid", "jku to attacker", "x5u to attacker", "x5c of the attacker", "crit unknown extension",
        "alg ES384 with attacker P-384 key", "alg ES384 over our key", "alg ES512", "alg RS256", "alg PS256", "alg none lower", "alg None", "alg NONE",
        "alg nOnE", "alg none with our kid and signature", "alg ES256 with typ JWT", "typ missing", "typ id_token",
        "b64 false", "DER signature", "empty signature", "signature of another token", "token over the size cap", "JWE five parts dir",
        "JWE five parts with our kid", "base64 padding", "standard base64 alphabet", "inner whitespace",
        "four parts", "two parts", "header not JSON", "header JSON array", "duplicate alg in header",
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task ForgedHeader_IsRefusedByValidateTokenAndBearerEndpoint(string attack)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var attackerUrl = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/keys";
        var genuine = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());
        var forged = Forge(attack, genuine.AccessToken, attackerUrl);

        var validation = await Api.ValidateAsync(forged);
        using var me = await SendBearerAsync(forged);

        Assert.False(validation.GetProperty("is_valid").GetBoolean(), attack);
        Assert.Equal("INVALID_TOKEN", validation.GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Null, validation.GetProperty("user_id").ValueKind);
        Assert.True(me.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.RequestHeaderFieldsTooLarge, $"{attack}: {(int)me.StatusCode}");
        if (me.StatusCode == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("application/problem+json", me.Content.Headers.ContentType?.MediaType);
        }

        // Both answers are in: a key URL in the header would have been fetched by now. Nothing connected.
        Assert.False(listener.Pending(), $"{attack}: the service connected to the URL in the token header");
        Assert.True((await Api.ValidateAsync(genuine.AccessToken)).GetProperty("is_valid").GetBoolean());
    }

    [Theory]
    [InlineData(" ", "")]
    [InlineData("", "\n")]
    [InlineData("\t", " ")]
    public async Task GenuineToken_WithSurroundingWhitespace_IsNotValidAtValidateTokenButTheHeaderValueIsTrimmed(string before, string after)
    {
        // In a JSON body the token is exactly the string; around a header value, white space is not part of the value
        // (RFC 9110 §5.5), so the bearer header carries the genuine token.
        var genuine = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());

        var validation = await Api.ValidateAsync(before + genuine.AccessToken + after);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me");
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {before.Replace("\n", string.Empty, StringComparison.Ordinal)}{genuine.AccessToken}{after.Replace("\n", string.Empty, StringComparison.Ordinal)}");
        using var me = await Api.Client.SendAsync(request);

        Assert.False(validation.GetProperty("is_valid").GetBoolean());
        Assert.Equal("INVALID_TOKEN", validation.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("bearer")]
    [InlineData("BEARER")]
    public async Task GenuineToken_SchemeInAnyCase_IsAccepted(string scheme)
    {
        // RFC 9110 §11.1: the scheme is case-insensitive; the token itself is not.
        var genuine = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me");
        request.Headers.TryAddWithoutValidation("Authorization", $"{scheme} {genuine.AccessToken}");

        using var me = await Api.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    private async Task<HttpResponseMessage> SendBearerAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token.Replace("\n", string.Empty, StringComparison.Ordinal));
        return await Api.Client.SendAsync(request);
    }

    private string Forge(string attack, string genuine, string attackerUrl)
    {
        var (header, _) = Jwt.Decode(genuine);
        var parts = genuine.Split('.');
        var payload = parts[1];
        var key = Host.Services.GetRequiredService<SigningKeyRing>().Current;
        var kid = header.GetProperty("kid").GetString()!;
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var attacker384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var attackerParameters = attacker.ExportParameters(false);
        var attackerJwk = new { kty = "EC", crv = "P-256", x = Jwt.Base64Url(attackerParameters.Q.X!), y = Jwt.Base64Url(attackerParameters.Q.Y!) };
        string Ours(object head) => Jwt.SignEs256(Jwt.Encode(head), payload, key.PrivateKey);
        string Theirs(object head) => Jwt.SignEs256(Jwt.Encode(head), payload, attacker);
        return attack switch
        {
            "kid path traversal" => Theirs(new { alg = "ES256", typ = "at+jwt", kid = "../../../../etc/passwd" }),
            "kid absolute path" => Theirs(new { alg = "ES256", typ = "at+jwt", kid = "/dev/null" }),
            "kid SQL injection" => Theirs(new { alg = "ES256", typ = "at+jwt", kid = $"{kid}' OR '1'='1" }),
            "kid URL" => Theirs(new { alg = "ES256", typ = "at+jwt", kid = attackerUrl }),
            "kid null" => Theirs(new { alg = "ES256", typ = "at+jwt", kid = (string?)null }),
            "kid number" => Theirs(new { alg = "ES256", typ = "at+jwt", kid = 1 }),
            "kid empty" => Theirs(new { alg = "ES256", typ = "at+jwt", kid = string.Empty }),
            "kid huge" => Theirs(new { alg = "ES256", typ = "at+jwt", kid = new string('k', 4_000) }),
            "kid missing" => Theirs(new { alg = "ES256", typ = "at+jwt" }),
            "jwk of the attacker" => Theirs(new { alg = "ES256", typ = "at+jwt", jwk = attackerJwk }),
            "jwk of the attacker with our kid" => Theirs(new { alg = "ES256", typ = "at+jwt", kid, jwk = attackerJwk }),
            "jku to attacker" => Theirs(new { alg = "ES256", typ = "at+jwt", kid = "attacker", jku = attackerUrl }),
            "x5u to attacker" => Theirs(new { alg = "ES256", typ = "at+jwt", x5u = attackerUrl }),
            "x5c of the attacker" => Theirs(new { alg = "ES256", typ = "at+jwt", x5c = new[] { SelfSignedCertificate(attacker) } }),
            "crit unknown extension" => Ours(new { alg = "ES256", typ = "at+jwt", kid, crit = new[] { "urn:example:must-understand" }, urn_example = 1 }),
            "alg ES384 with attacker P-384 key" => Jwt.SignEcdsa(Jwt.Encode(new { alg = "ES384", typ = "at+jwt", kid }), payload, attacker384, HashAlgorithmName.SHA384),
            "alg ES384 over our key" => Jwt.SignEcdsa(Jwt.Encode(new { alg = "ES384", typ = "at+jwt", kid }), payload, key.PrivateKey, HashAlgorithmName.SHA384),
            "alg ES512" => Jwt.SignEcdsa(Jwt.Encode(new { alg = "ES512", typ = "at+jwt", kid }), payload, key.PrivateKey, HashAlgorithmName.SHA512),
            "alg RS256" => Rs256(Jwt.Encode(new { alg = "RS256", typ = "at+jwt", kid }), payload),
            "alg PS256" => Rs256(Jwt.Encode(new { alg = "PS256", typ = "at+jwt", kid }), payload),
            "alg none lower" => $"{Jwt.Encode(new { alg = "none", typ = "at+jwt" })}.{payload}.",
            "alg None" => $"{Jwt.Encode(new { alg = "None", typ = "at+jwt", kid })}.{payload}.",
            "alg NONE" => $"{Jwt.Encode(new { alg = "NONE", typ = "at+jwt", kid })}.{payload}.",
            "alg nOnE" => $"{Jwt.Encode(new { alg = "nOnE", typ = "at+jwt", kid })}.{payload}.",
            "alg none with our kid and signature" => $"{Jwt.Encode(new { alg = "none", typ = "at+jwt", kid })}.{payload}.{parts[2]}",
            "alg ES256 with typ JWT" => Ours(new { alg = "ES256", typ = "JWT", kid }),
            "typ missing" => Ours(new { alg = "ES256", kid }),
            "typ id_token" => Ours(new { alg = "ES256", typ = "id_token+jwt", kid }),
            "b64 false" => Ours(new { alg = "ES256", typ = "at+jwt", kid, b64 = false, crit = new[] { "b64" } }),
            "DER signature" => $"{parts[0]}.{payload}.{Jwt.Base64Url(key.PrivateKey.SignData(System.Text.Encoding.ASCII.GetBytes($"{parts[0]}.{payload}"), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))}",
            "empty signature" => $"{parts[0]}.{payload}.",
            "signature of another token" => $"{parts[0]}.{payload}.{Ours(new { alg = "ES256", typ = "at+jwt", kid, x = 1 }).Split('.')[2]}",
            "token over the size cap" => Ours(new { alg = "ES256", typ = "at+jwt", kid, pad = new string('p', 8_192) }),
            "JWE five parts dir" => $"{Jwt.Encode(new { alg = "dir", enc = "A128CBC-HS256" })}..AAAAAAAAAAAAAAAAAAAAAA.{payload}.AAAAAAAAAAAAAAAAAAAAAA",
            "JWE five parts with our kid" => $"{Jwt.Encode(new { alg = "ECDH-ES", enc = "A256GCM", kid, zip = "DEF" })}..AAAAAAAAAAAAAAAA.{payload}.AAAAAAAAAAAAAAAAAAAAAA",
            "base64 padding" => genuine + "==",
            "standard base64 alphabet" => genuine.Replace('-', '+').Replace('_', '/') + (genuine.Contains('-') || genuine.Contains('_') ? string.Empty : "+"),
            "inner whitespace" => genuine.Insert(genuine.IndexOf('.') + 1, " "),
            "four parts" => genuine + ".AAAA",
            "two parts" => $"{parts[0]}.{payload}",
            "header not JSON" => Jwt.SignEs256(Jwt.Base64Url("not json"u8.ToArray()), payload, key.PrivateKey),
            "header JSON array" => Jwt.SignEs256(Jwt.Base64Url("[\"ES256\"]"u8.ToArray()), payload, key.PrivateKey),
            "duplicate alg in header" => Jwt.SignEs256(Jwt.Base64Url(System.Text.Encoding.UTF8.GetBytes($"{{\"alg\":\"ES256\",\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"{kid}\"}}")), payload, attacker),
            _ => throw new ArgumentOutOfRangeException(nameof(attack), attack, null),
        };
    }

    private static string Rs256(string header, string payload)
    {
        using var rsa = RSA.Create(2048);
        var signature = rsa.SignData(System.Text.Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{payload}.{Jwt.Base64Url(signature)}";
    }

    private static string SelfSignedCertificate(ECDsa key)
    {
        var request = new CertificateRequest("CN=attacker", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return Convert.ToBase64String(certificate.RawData);
    }
}
