using System.Text;

namespace OrleansAuth.Api.Tests.Infrastructure;

/// <summary>
/// Takes opaque tokens apart and puts them back together the way an attacker would: prefix + base64url(version ‖
/// handle (16) ‖ secret (32) ‖ routing key (UTF-8)).
/// </summary>
public static class OpaqueTokens
{
    private const int HandleEnd = 17;
    private const int SecretEnd = 49;

    public static (string Prefix, byte[] Handle, byte[] Secret, string Key) Split(string token)
    {
        var prefix = token[..5];
        var payload = System.Buffers.Text.Base64Url.DecodeFromChars(token.AsSpan(5));
        return (prefix, payload[1..HandleEnd], payload[HandleEnd..SecretEnd], Encoding.UTF8.GetString(payload[SecretEnd..]));
    }

    public static string Join(string prefix, byte[] handle, byte[] secret, string key)
        => prefix + System.Buffers.Text.Base64Url.EncodeToString([1, .. handle, .. secret, .. Encoding.UTF8.GetBytes(key)]);

    /// <summary>The handle and secret of <paramref name="secretsFrom"/> behind the routing key (and optionally handle) of <paramref name="routeFrom"/>.</summary>
    public static string Graft(string routeFrom, string secretsFrom, bool keepHandle)
    {
        var route = Split(routeFrom);
        var secrets = Split(secretsFrom);
        return Join(route.Prefix, keepHandle ? route.Handle : secrets.Handle, secrets.Secret, route.Key);
    }
}
