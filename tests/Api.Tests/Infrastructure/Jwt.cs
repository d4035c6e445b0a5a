using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OrleansAuth.Api.Tests.Infrastructure;

/// <summary>Reads and forges compact JWS tokens for tests (the forging is what attackers do).</summary>
public static class Jwt
{
    public static (JsonElement Header, JsonElement Payload) Decode(string token)
    {
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        return (Parse(parts[0]), Parse(parts[1]));
    }

    public static string Encode(object value) => System.Buffers.Text.Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(value));

    public static string Encode(JsonElement value) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(value.GetRawText()));

    public static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    public static string SignEs256(string header, string payload, ECDsa key) => SignEcdsa(header, payload, key, HashAlgorithmName.SHA256);

    /// <summary>JWS ECDSA signature (IEEE P1363 r‖s) with any curve and hash, for alg confusion tests.</summary>
    public static string SignEcdsa(string header, string payload, ECDsa key, HashAlgorithmName hash)
    {
        var input = $"{header}.{payload}";
        return $"{input}.{Base64Url(key.SignData(Encoding.ASCII.GetBytes(input), hash))}";
    }

    public static string SignHs256(string header, string payload, byte[] key)
    {
        var input = $"{header}.{payload}";
        return $"{input}.{Base64Url(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(input)))}";
    }

    private static JsonElement Parse(string segment) => JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(segment)).RootElement.Clone();
}
