using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Api.Tokens;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Tokens;

/// <summary>
/// Forged and altered access tokens, each refused both by validate-token (is_valid false with a code) and by a
/// bearer-protected endpoint (401), while the genuine token passes both.
/// </summary>
public sealed class TokenAttackTests(SqliteDatabaseFixture fixture) : AuthHostTest<SqliteDatabaseFixture>(fixture)
{
    public static TheoryData<string, string> Attacks => new()
    {
        { "alg none", "INVALID_TOKEN" },
        { "alg none without signature part", "INVALID_TOKEN" },
        { "HS256 keyed with the public key", "INVALID_TOKEN" },
        { "HS256 keyed with the JWK text", "INVALID_TOKEN" },
        { "unknown kid", "INVALID_TOKEN" },
        { "known kid, attacker's key", "INVALID_TOKEN" },
        { "expired", "EXPIRED_TOKEN" },
        { "not yet valid", "INVALID_TOKEN" },
        { "no exp", "INVALID_TOKEN" },
        { "wrong issuer", "INVALID_TOKEN" },
        { "wrong audience", "INVALID_TOKEN" },
        { "tampered payload", "INVALID_TOKEN" },
        { "typ JWT", "INVALID_TOKEN" },
        { "JWE form", "INVALID_TOKEN" },
        { "oversized", "INVALID_TOKEN" },
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task ForgedToken_IsRefusedByValidateTokenAndBearerEndpoints(string attack, string code)
    {
        var genuine = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());
        var forged = Forge(attack, genuine.AccessToken);

        var validation = await Api.ValidateAsync(forged);
        using var me = await Api.SendAsync(HttpMethod.Get, "me", forged);

        Assert.False(validation.GetProperty("is_valid").GetBoolean(), attack);
        Assert.Equal(code, validation.GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Null, validation.GetProperty("user_id").ValueKind);
        await AuthApi.ProblemAsync(me, HttpStatusCode.Unauthorized, code);
    }

    [Fact]
    public async Task GenuineToken_IsValidAtValidateTokenWithItsSubject()
    {
        var email = AuthApi.NewEmail();
        var genuine = await Api.RegisterAndLoginAsync(email);

        var validation = await Api.ValidateAsync(genuine.AccessToken);

        Assert.True(validation.GetProperty("is_valid").GetBoolean());
        Assert.Equal(genuine.UserId, validation.GetProperty("user_id").GetGuid());
        Assert.Equal(email, validation.GetProperty("email").GetString());
        Assert.Equal(genuine.SessionId, validation.GetProperty("session_id").GetGuid());
        Assert.Equal(Jwt.Decode(genuine.AccessToken).Payload.GetProperty("exp").GetInt64(), validation.GetProperty("expires_at").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Equal(JsonValueKind.Null, validation.GetProperty("code").ValueKind);
    }

    [Fact]
    public async Task GenuineToken_AfterItsLifetimePlusSkew_IsExpired()
    {
        var genuine = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());

        Time.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(20));
        Assert.True((await Api.ValidateAsync(genuine.AccessToken)).GetProperty("is_valid").GetBoolean());
        Time.Advance(TimeSpan.FromSeconds(11));
        var validation = await Api.ValidateAsync(genuine.AccessToken);

        Assert.False(validation.GetProperty("is_valid").GetBoolean());
        Assert.Equal("EXPIRED_TOKEN", validation.GetProperty("code").GetString());
    }

    [Fact]
    public async Task TokenOfEndedSession_IsNotValidAtValidateToken()
    {
        var genuine = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());
        using (var logout = await Api.PostAsync("logout", null, genuine.AccessToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        }

        var validation = await Api.ValidateAsync(genuine.AccessToken);

        Assert.False(validation.GetProperty("is_valid").GetBoolean());
        Assert.Equal("INVALID_TOKEN", validation.GetProperty("code").GetString());
    }

    private string Forge(string attack, string genuine)
    {
        var (header, payload) = Jwt.Decode(genuine);
        var parts = genuine.Split('.');
        var key = Host.Services.GetRequiredService<SigningKeyRing>().Current;
        var now = Time.GetUtcNow().ToUnixTimeSeconds();
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return attack switch
        {
            "alg none" => $"{Jwt.Encode(new { alg = "none", typ = "at+jwt", kid = key.Kid })}.{parts[1]}.",
            "alg none without signature part" => $"{Jwt.Encode(new { alg = "none", typ = "at+jwt" })}.{parts[1]}",
            "HS256 keyed with the public key" => Jwt.SignHs256(Jwt.Encode(new { alg = "HS256", typ = "at+jwt", kid = key.Kid }), parts[1], key.PublicKeyInfo),
            "HS256 keyed with the JWK text" => Jwt.SignHs256(
                Jwt.Encode(new { alg = "HS256", typ = "at+jwt", kid = key.Kid }),
                parts[1],
                Encoding.UTF8.GetBytes($$"""{"kty":"EC","crv":"P-256","x":"{{key.X}}","y":"{{key.Y}}"}""")),
            "unknown kid" => Jwt.SignEs256(Jwt.Encode(new { alg = "ES256", typ = "at+jwt", kid = "attacker-key" }), parts[1], attacker),
            "known kid, attacker's key" => Jwt.SignEs256(parts[0], parts[1], attacker),
            "expired" => Jwt.SignEs256(parts[0], Payload(payload, p => { p["iat"] = now - 3600; p["nbf"] = now - 3600; p["exp"] = now - 600; }), key.PrivateKey),
            "not yet valid" => Jwt.SignEs256(parts[0], Payload(payload, p => { p["nbf"] = now + 600; p["exp"] = now + 1200; }), key.PrivateKey),
            "no exp" => Jwt.SignEs256(parts[0], Payload(payload, p => p.Remove("exp")), key.PrivateKey),
            "wrong issuer" => Jwt.SignEs256(parts[0], Payload(payload, p => p["iss"] = "https://evil.example"), key.PrivateKey),
            "wrong audience" => Jwt.SignEs256(parts[0], Payload(payload, p => p["aud"] = "another-service"), key.PrivateKey),
            "tampered payload" => $"{parts[0]}.{Payload(payload, p => p["roles"] = new JsonArray("admin"))}.{parts[2]}",
            "typ JWT" => Jwt.SignEs256(Jwt.Encode(new { alg = "ES256", typ = "JWT", kid = key.Kid }), parts[1], key.PrivateKey),
            "JWE form" => $"{Jwt.Encode(new { alg = "RSA-OAEP", enc = "A256GCM", zip = "DEF" })}.AAAA.AAAA.AAAA.AAAA",
            "oversized" => Jwt.SignEs256(parts[0], Payload(payload, p => p["pad"] = new string('x', 20_000)), key.PrivateKey),
            _ => throw new ArgumentOutOfRangeException(nameof(attack), attack, null),
        };
    }

    private static string Payload(JsonElement payload, Action<JsonObject> change)
    {
        var node = JsonNode.Parse(payload.GetRawText())!.AsObject();
        change(node);
        return Jwt.Encode(JsonDocument.Parse(node.ToJsonString()).RootElement);
    }
}
