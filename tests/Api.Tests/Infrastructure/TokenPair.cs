using System.Text.Json;

namespace OrleansAuth.Api.Tests.Infrastructure;

/// <summary>The tokens response of login and refresh.</summary>
public sealed record TokenPair(string AccessToken, string RefreshToken, Guid SessionId, Guid UserId, long ExpiresIn, long RefreshExpiresIn, string TokenType)
{
    public static TokenPair From(JsonElement body) => new(
        body.GetProperty("access_token").GetString()!,
        body.GetProperty("refresh_token").GetString()!,
        body.GetProperty("session_id").GetGuid(),
        body.GetProperty("user_id").GetGuid(),
        body.GetProperty("expires_in").GetInt64(),
        body.GetProperty("refresh_expires_in").GetInt64(),
        body.GetProperty("token_type").GetString()!);
}
