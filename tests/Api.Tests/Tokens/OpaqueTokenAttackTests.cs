using System.Net;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Tokens;

/// <summary>
/// Refresh, verification and reset tokens carry their grain's key so they can be routed; these tests make sure the
/// routing part is not a credential: a token re-routed to another user, another user's secret behind one's own
/// handle, a token of another kind, a superseded or re-used token and spelling variants all fail, and failing
/// costs the victim nothing (no session ended, no password changed).
/// </summary>
public sealed class OpaqueTokenAttackTests(SqliteDatabaseFixture fixture) : AuthHostTest<SqliteDatabaseFixture>(fixture)
{
    private const string NewPassword = "Another-Horse-8-Staple";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Refresh_OtherUsersSecretBehindVictimsRoutingKey_Returns401InvalidTokenAndVictimKeepsSession(bool victimsHandle)
    {
        var victim = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());
        var attacker = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());
        var forged = OpaqueTokens.Graft(victim.RefreshToken, attacker.RefreshToken, keepHandle: victimsHandle);

        using var response = await Api.PostAsync("refresh", new { refresh_token = forged });

        await AuthApi.ProblemAsync(response, HttpStatusCode.Unauthorized, "INVALID_TOKEN");
        Assert.True((await Api.ValidateAsync(victim.AccessToken)).GetProperty("is_valid").GetBoolean());
        Assert.Equal(victim.SessionId, (await Api.RefreshAsync(victim.RefreshToken)).SessionId);
        Assert.Equal(attacker.SessionId, (await Api.RefreshAsync(attacker.RefreshToken)).SessionId);
        Assert.DoesNotContain(await EventLog.ReadAsync(Host, Jwt.Decode(victim.AccessToken).Payload.GetProperty("email").GetString()!), e => e.Type == "refresh_token.reuse_detected");
    }

    [Theory]
    [InlineData("prefix of a reset token")]
    [InlineData("prefix of a verification token")]
    [InlineData("padding")]
    [InlineData("trailing space")]
    [InlineData("leading newline")]
    [InlineData("upper-case routing key")]
    [InlineData("full-width routing key")]
    [InlineData("routing key with trailing dot")]
    [InlineData("one bit of the secret flipped")]
    [InlineData("format version 2")]
    [InlineData("truncated")]
    public async Task Refresh_TokenVariant_Returns401InvalidToken(string variant)
    {
        var email = AuthApi.NewEmail();
        var pair = await Api.RegisterAndLoginAsync(email);
        var (prefix, handle, secret, key) = OpaqueTokens.Split(pair.RefreshToken);
        var token = variant switch
        {
            "prefix of a reset token" => "oapr_" + pair.RefreshToken[5..],
            "prefix of a verification token" => "oaev_" + pair.RefreshToken[5..],
            "padding" => pair.RefreshToken + "==",
            "trailing space" => pair.RefreshToken + " ",
            "leading newline" => "\n" + pair.RefreshToken,
            "upper-case routing key" => OpaqueTokens.Join(prefix, handle, secret, key.ToUpperInvariant()),
            "full-width routing key" => OpaqueTokens.Join(prefix, handle, secret, "ｕ" + key[1..]),
            "routing key with trailing dot" => OpaqueTokens.Join(prefix, handle, secret, key + "."),
            "one bit of the secret flipped" => OpaqueTokens.Join(prefix, handle, [(byte)(secret[0] ^ 1), .. secret[1..]], key),
            "format version 2" => prefix + System.Buffers.Text.Base64Url.EncodeToString([2, .. System.Buffers.Text.Base64Url.DecodeFromChars(pair.RefreshToken.AsSpan(5))[1..]]),
            "truncated" => pair.RefreshToken[..^4],
            _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, null),
        };

        using var response = await Api.PostAsync("refresh", new { refresh_token = token });

        await AuthApi.ProblemAsync(response, HttpStatusCode.Unauthorized, "INVALID_TOKEN");
        Assert.Equal(pair.SessionId, (await Api.RefreshAsync(pair.RefreshToken)).SessionId);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reset_OtherUsersTokenReroutedToVictim_Returns400InvalidTokenAndVictimsPasswordStays(bool victimsHandle)
    {
        var (victim, attacker) = (AuthApi.NewEmail(), AuthApi.NewEmail());
        var victimSession = await Api.RegisterAndLoginAsync(victim);
        await Api.RegisterAsync(attacker);
        await ForgotAsync(victim);
        await ForgotAsync(attacker);
        var forged = OpaqueTokens.Graft(await EventLog.ResetTokenAsync(Host, victim), await EventLog.ResetTokenAsync(Host, attacker), victimsHandle);

        using var response = await Api.PostAsync("password/reset", new { token = forged, new_password = NewPassword, new_password_confirmation = NewPassword });

        await AuthApi.ProblemAsync(response, HttpStatusCode.BadRequest, "INVALID_TOKEN");
        await Api.LoginAsync(victim);
        Assert.True((await Api.ValidateAsync(victimSession.AccessToken)).GetProperty("is_valid").GetBoolean());
    }

    [Fact]
    public async Task VerifyEmail_OtherUsersTokenReroutedToVictim_Returns400InvalidTokenAndVictimStaysUnverified()
    {
        var (victim, attacker) = (AuthApi.NewEmail(), AuthApi.NewEmail());
        await Api.RegisterAsync(victim);
        await Api.RegisterAsync(attacker);
        var forged = OpaqueTokens.Graft(await EventLog.VerificationTokenAsync(Host, victim), await EventLog.VerificationTokenAsync(Host, attacker), keepHandle: true);

        using var response = await Api.PostAsync("verify-email", new { token = forged });

        await AuthApi.ProblemAsync(response, HttpStatusCode.BadRequest, "INVALID_TOKEN");
        var victimSession = await Api.LoginAsync(victim);
        using var me = await Api.SendAsync(HttpMethod.Get, "me", victimSession.AccessToken);
        Assert.False((await AuthApi.ReadAsync(me, HttpStatusCode.OK)).GetProperty("email_verified").GetBoolean());
    }

    [Fact]
    public async Task Reset_SupersededTokenAfterSecondForgot_Returns400InvalidTokenWhileTheNewOneWorks()
    {
        var email = AuthApi.NewEmail();
        var first = await RegisterAndForgotAsync(email);
        await ForgotAsync(email);
        var second = await EventLog.ResetTokenAsync(Host, email);

        using var old = await Api.PostAsync("password/reset", new { token = first, new_password = NewPassword, new_password_confirmation = NewPassword });
        using var current = await Api.PostAsync("password/reset", new { token = second, new_password = NewPassword, new_password_confirmation = NewPassword });

        await AuthApi.ProblemAsync(old, HttpStatusCode.BadRequest, "INVALID_TOKEN");
        Assert.Equal(HttpStatusCode.NoContent, current.StatusCode);
    }

    [Fact]
    public async Task Reset_UsedTokenAfterItsLifetime_Returns400InvalidTokenNotExpired()
    {
        // A used token is gone; it must not come back as "expired" (which would confirm it once existed).
        var email = AuthApi.NewEmail();
        var token = await RegisterAndForgotAsync(email);
        using (var used = await Api.PostAsync("password/reset", new { token, new_password = NewPassword, new_password_confirmation = NewPassword }))
        {
            Assert.Equal(HttpStatusCode.NoContent, used.StatusCode);
        }

        Time.Advance(TimeSpan.FromHours(2));
        using var again = await Api.PostAsync("password/reset", new { token, new_password = AuthApi.Password, new_password_confirmation = AuthApi.Password });

        await AuthApi.ProblemAsync(again, HttpStatusCode.BadRequest, "INVALID_TOKEN");
        await Api.LoginAsync(email, NewPassword);
    }

    [Fact]
    public async Task VerifyEmail_TokenReusedAfterItsLifetimeAndAResend_Returns400()
    {
        var email = AuthApi.NewEmail();
        await Api.RegisterAsync(email);
        var first = await EventLog.VerificationTokenAsync(Host, email);
        Time.Advance(TimeSpan.FromDays(2));
        using (var expired = await Api.PostAsync("verify-email", new { token = first }))
        {
            await AuthApi.ProblemAsync(expired, HttpStatusCode.BadRequest, "EXPIRED_TOKEN");
        }

        using (var resend = await Api.PostAsync("resend-verification", new { email }))
        {
            Assert.Equal(HttpStatusCode.Accepted, resend.StatusCode);
        }

        using var stale = await Api.PostAsync("verify-email", new { token = first });

        await AuthApi.ProblemAsync(stale, HttpStatusCode.BadRequest, "INVALID_TOKEN");
    }

    /// <summary>A new account with a pending reset; returns the reset token.</summary>
    private async Task<string> RegisterAndForgotAsync(string email)
    {
        await Api.RegisterAsync(email);
        await ForgotAsync(email);
        return await EventLog.ResetTokenAsync(Host, email);
    }

    private async Task ForgotAsync(string email)
    {
        using var response = await Api.PostAsync("password/forgot", new { email });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
