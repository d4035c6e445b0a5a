using System.Buffers.Text;
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

    public static string Encode(object value) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(value));

    public static string Encode(JsonElement value) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(value.GetRawText()));

    public static string SignEs256(string header, string payload, ECDsa key)
    {
        var input = $"{header}.{payload}";
        return $"{input}.{Base64Url.EncodeToString(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256))}";
    }

    public static string SignHs256(string header, string payload, byte[] key)
    {
        var input = $"{header}.{payload}";
        return $"{input}.{Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(input)))}";
    }

    private static JsonElement Parse(string segment) => JsonDocument.Parse(Base64Url.DecodeFromChars(segment)).RootElement.Clone();
}
