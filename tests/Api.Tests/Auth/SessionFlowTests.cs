using System.Net;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Auth;

/// <summary>
/// Refresh rotation, the session list, and every way a session ends (logout, logout-all, revoke, password change and
/// reset): the ended sessions' refresh tokens, bearer calls and validate-token answers all reflect it.
/// </summary>
public abstract class SessionFlowTests<TFixture>(TFixture fixture) : AuthHostTest<TFixture>(fixture)
    where TFixture : class, IDatabaseFixture
{
    private const string NewPassword = "Another-Horse-8-Staple";

    [Fact]
    public async Task Refresh_ValidToken_RotatesWithinTheSameSession()
    {
        var first = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());

        var second = await Api.RefreshAsync(first.RefreshToken);

        Assert.Equal(first.SessionId, second.SessionId);
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.NotEqual(first.AccessToken, second.AccessToken);
        Assert.True((await Api.ValidateAsync(second.AccessToken)).GetProperty("is_valid").GetBoolean());
        var third = await Api.RefreshAsync(second.RefreshToken);
        Assert.Equal(first.SessionId, third.SessionId);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("oart_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Refresh_MalformedToken_Returns401InvalidToken(string token)
    {
        using var response = await Api.PostAsync("refresh", new { refresh_token = token });

        await AuthApi.ProblemAsync(response, HttpStatusCode.Unauthorized, "INVALID_TOKEN");
    }

    [Fact]
    public async Task Refresh_AfterRefreshTokenLifetime_Returns401ExpiredToken()
    {
        var tokens = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());

        Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        using var response = await Api.PostAsync("refresh", new { refresh_token = tokens.RefreshToken });

        await AuthApi.ProblemAsync(response, HttpStatusCode.Unauthorized, "EXPIRED_TOKEN");
    }

    [Fact]
    public async Task Refresh_RotatedTokenReusedAfterLeeway_Returns401TokenReusedAndEndsTheSession()
    {
        var first = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());
        var second = await Api.RefreshAsync(first.RefreshToken);

        Time.Advance(TimeSpan.FromSeconds(11));
        using var reused = await Api.PostAsync("refresh", new { refresh_token = first.RefreshToken });

        await AuthApi.ProblemAsync(reused, HttpStatusCode.Unauthorized, "TOKEN_REUSED");
        await AssertSessionEndedAsync(second);
    }

    [Fact]
    public async Task Sessions_TwoLogins_ListsBothNewestFirstWithCurrentMarkedAndClientInfo()
    {
        var email = AuthApi.NewEmail();
        var first = await Api.RegisterAndLoginAsync(email);
        Time.Advance(TimeSpan.FromSeconds(5));
        Api.Client.DefaultRequestHeaders.UserAgent.ParseAdd("SessionTest/2.0");
        var second = await Api.LoginAsync(email);

        using var response = await Api.SendAsync(HttpMethod.Get, "sessions", second.AccessToken);

        var sessions = (await AuthApi.ReadAsync(response, HttpStatusCode.OK)).EnumerateArray().ToArray();
        Assert.Equal([second.SessionId, first.SessionId], sessions.Select(s => s.GetProperty("session_id").GetGuid()));
        Assert.True(sessions[0].GetProperty("current").GetBoolean());
        Assert.False(sessions[1].GetProperty("current").GetBoolean());
        Assert.Equal("SessionTest/2.0", sessions[0].GetProperty("user_agent").GetString());
        Assert.Equal("127.0.0.1", sessions[0].GetProperty("ip").GetString());
        foreach (var field in new[] { "created_at", "last_used_at", "expires_at" })
        {
            Assert.True(sessions[0].GetProperty(field).GetDateTimeOffset() > DateTimeOffset.MinValue);
        }
    }

    [Fact]
    public async Task DeleteSession_AnotherSessionOfTheAccount_EndsItOnly()
    {
        var email = AuthApi.NewEmail();
        var mine = await Api.RegisterAndLoginAsync(email);
        var other = await Api.LoginAsync(email);

        using var deleted = await Api.SendAsync(HttpMethod.Delete, $"sessions/{other.SessionId}", mine.AccessToken);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await AssertSessionEndedAsync(other);
        await AssertSessionActiveAsync(mine);
        using var again = await Api.SendAsync(HttpMethod.Delete, $"sessions/{other.SessionId}", mine.AccessToken);
        await AuthApi.ProblemAsync(again, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task DeleteSession_UnknownOrForeignSession_Returns404()
    {
        var mine = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());
        var stranger = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());

        using var unknown = await Api.SendAsync(HttpMethod.Delete, $"sessions/{Guid.NewGuid()}", mine.AccessToken);
        using var foreign = await Api.SendAsync(HttpMethod.Delete, $"sessions/{stranger.SessionId}", mine.AccessToken);

        await AuthApi.ProblemAsync(unknown, HttpStatusCode.NotFound, "NOT_FOUND");
        await AuthApi.ProblemAsync(foreign, HttpStatusCode.NotFound, "NOT_FOUND");
        await AssertSessionActiveAsync(stranger);
    }

    [Fact]
    public async Task Logout_EndsThisSessionOnly()
    {
        var email = AuthApi.NewEmail();
        var mine = await Api.RegisterAndLoginAsync(email);
        var other = await Api.LoginAsync(email);

        using var response = await Api.PostAsync("logout", null, mine.AccessToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await AssertSessionEndedAsync(mine);
        await AssertSessionActiveAsync(other);
    }

    [Fact]
    public async Task LogoutAll_EndsEverySession()
    {
        var email = AuthApi.NewEmail();
        var mine = await Api.RegisterAndLoginAsync(email);
        var other = await Api.LoginAsync(email);

        using var response = await Api.PostAsync("logout-all", null, mine.AccessToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await AssertSessionEndedAsync(mine);
        await AssertSessionEndedAsync(other);
        await Api.LoginAsync(email);
    }

    [Fact]
    public async Task ChangePassword_RightCurrentPassword_EndsOtherSessionsKeepsThisOneAndSwapsPasswords()
    {
        var email = AuthApi.NewEmail();
        var mine = await Api.RegisterAndLoginAsync(email);
        var other = await Api.LoginAsync(email);

        using var response = await Api.PostAsync(
            "password/change",
            new { current_password = AuthApi.Password, new_password = NewPassword, new_password_confirmation = NewPassword },
            mine.AccessToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await AssertSessionActiveAsync(mine);
        await AssertSessionEndedAsync(other);
        using var old = await Api.PostAsync("login", new { email, password = AuthApi.Password });
        await AuthApi.ProblemAsync(old, HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        await Api.LoginAsync(email, NewPassword);
    }

    [Fact]
    public async Task ChangePassword_WrongCurrentPassword_Returns401InvalidCredentials()
    {
        var mine = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());

        using var response = await Api.PostAsync(
            "password/change",
            new { current_password = "Wrong-Password-1", new_password = NewPassword, new_password_confirmation = NewPassword },
            mine.AccessToken);

        await AuthApi.ProblemAsync(response, HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        await AssertSessionActiveAsync(mine);
    }

    [Fact]
    public async Task ChangePassword_ConfirmationDiffersOrWeak_Returns400()
    {
        var mine = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());

        using var mismatch = await Api.PostAsync(
            "password/change",
            new { current_password = AuthApi.Password, new_password = NewPassword, new_password_confirmation = NewPassword + "!" },
            mine.AccessToken);
        using var weak = await Api.PostAsync(
            "password/change",
            new { current_password = AuthApi.Password, new_password = "password", new_password_confirmation = "password" },
            mine.AccessToken);

        await AuthApi.ProblemAsync(mismatch, HttpStatusCode.BadRequest, "PASSWORD_MISMATCH");
        await AuthApi.ProblemAsync(weak, HttpStatusCode.BadRequest, "WEAK_PASSWORD");
    }

    [Fact]
    public async Task ForgotThenReset_ValidToken_SetsPasswordEndsEverySessionAndWorksOnce()
    {
        var email = AuthApi.NewEmail();
        var session = await Api.RegisterAndLoginAsync(email);

        using (var forgot = await Api.PostAsync("password/forgot", new { email = email.ToUpperInvariant() }))
        {
            Assert.Equal(HttpStatusCode.Accepted, forgot.StatusCode);
        }

        var token = await EventLog.ResetTokenAsync(Host, email);
        var reset = new { token, new_password = NewPassword, new_password_confirmation = NewPassword };
        using (var response = await Api.PostAsync("password/reset", reset))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        await AssertSessionEndedAsync(session);
        await Api.LoginAsync(email, NewPassword);
        using var again = await Api.PostAsync("password/reset", reset);
        await AuthApi.ProblemAsync(again, HttpStatusCode.BadRequest, "INVALID_TOKEN");
    }

    [Fact]
    public async Task Forgot_UnknownOrInvalidEmail_Returns202AndRecordsNothing()
    {
        var unknown = AuthApi.NewEmail();

        using var first = await Api.PostAsync("password/forgot", new { email = unknown });
        using var second = await Api.PostAsync("password/forgot", new { email = "not-an-address" });

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Empty(await EventLog.ReadAsync(Host, unknown));
    }

    [Fact]
    public async Task Reset_ExpiredMismatchedOrMalformed_Returns400WithTheCode()
    {
        var email = AuthApi.NewEmail();
        await Api.RegisterAsync(email);
        using (await Api.PostAsync("password/forgot", new { email }))
        {
        }

        var token = await EventLog.ResetTokenAsync(Host, email);

        using var mismatch = await Api.PostAsync("password/reset", new { token, new_password = NewPassword, new_password_confirmation = "x" + NewPassword });
        await AuthApi.ProblemAsync(mismatch, HttpStatusCode.BadRequest, "PASSWORD_MISMATCH");
        using var malformed = await Api.PostAsync("password/reset", new { token = "oapr_bad", new_password = NewPassword, new_password_confirmation = NewPassword });
        await AuthApi.ProblemAsync(malformed, HttpStatusCode.BadRequest, "INVALID_TOKEN");
        Time.Advance(TimeSpan.FromHours(2));
        using var expired = await Api.PostAsync("password/reset", new { token, new_password = NewPassword, new_password_confirmation = NewPassword });
        await AuthApi.ProblemAsync(expired, HttpStatusCode.BadRequest, "EXPIRED_TOKEN");
        await Api.LoginAsync(email);
    }

    /// <summary>Its refresh token, its access token at a bearer endpoint and at validate-token are all refused.</summary>
    private async Task AssertSessionEndedAsync(TokenPair tokens)
    {
        using var refresh = await Api.PostAsync("refresh", new { refresh_token = tokens.RefreshToken });
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        using var me = await Api.SendAsync(HttpMethod.Get, "me", tokens.AccessToken);
        await AuthApi.ProblemAsync(me, HttpStatusCode.Unauthorized, "INVALID_TOKEN");
        var validation = await Api.ValidateAsync(tokens.AccessToken);
        Assert.False(validation.GetProperty("is_valid").GetBoolean());
        Assert.Equal("INVALID_TOKEN", validation.GetProperty("code").GetString());
    }

    private async Task AssertSessionActiveAsync(TokenPair tokens)
    {
        using var me = await Api.SendAsync(HttpMethod.Get, "me", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var validation = await Api.ValidateAsync(tokens.AccessToken);
        Assert.True(validation.GetProperty("is_valid").GetBoolean());
        Assert.Equal(tokens.SessionId, validation.GetProperty("session_id").GetGuid());
    }
}

public sealed class SqliteSessionFlowTests(SqliteDatabaseFixture fixture) : SessionFlowTests<SqliteDatabaseFixture>(fixture);

public sealed class PostgresSessionFlowTests(PostgresDatabaseFixture fixture) : SessionFlowTests<PostgresDatabaseFixture>(fixture);
