using OrleansAuth.Grains.Interfaces;
using OrleansAuth.Grains.Tests.Infrastructure;
using static OrleansAuth.Grains.Tests.Infrastructure.TestUsers;

namespace OrleansAuth.Grains.Tests.Users;

public sealed class SessionTests(DatabasesFixture databases) : IClassFixture<DatabasesFixture>
{
    private const string NewPassword = "a different long passphrase 99";

    public static TheoryData<string> Providers => DatabasesFixture.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LogoutAsync_EndsOnlyTheCallersSession(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        await RegisterAsync(silo, email);
        var first = await LoginAsync(silo, email);
        var second = await LoginAsync(silo, email);

        Assert.True((await silo.User(email).LogoutAsync(first.UserId, first.SessionId)).Succeeded);

        await AssertEndedAsync(silo, email, first);
        await AssertActiveAsync(silo, email, second);
        Assert.Equal(AuthErrorCode.InvalidToken, (await silo.User(email).LogoutAsync(first.UserId, first.SessionId)).Error?.Code);
        Assert.Equal("logout", EventData(await silo.EventsOfAsync(email), UserEventTypes.SessionRevoked, "reason"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LogoutAllAsync_EndsEverySession(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        await RegisterAsync(silo, email);
        var grants = new[] { await LoginAsync(silo, email), await LoginAsync(silo, email), await LoginAsync(silo, email) };

        Assert.True((await silo.User(email).LogoutAllAsync(grants[1].UserId, grants[1].SessionId)).Succeeded);

        foreach (var grant in grants)
        {
            await AssertEndedAsync(silo, email, grant);
        }

        Assert.Equal(3, (await silo.EventsOfAsync(email)).Count(e => e.Event.Type == UserEventTypes.SessionRevoked));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ChangePasswordAsync_RightCurrentPassword_EndsOtherSessionsAndKeepsTheCallers(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        await RegisterAsync(silo, email);
        var current = await LoginAsync(silo, email);
        var other = await LoginAsync(silo, email);

        var result = await silo.User(email).ChangePasswordAsync(current.UserId, current.SessionId, new ChangePasswordRequest(Password, NewPassword));

        Assert.True(result.Succeeded, result.Error?.ToString());
        await AssertActiveAsync(silo, email, current);
        await AssertEndedAsync(silo, email, other);
        Assert.Equal(AuthErrorCode.InvalidCredentials, (await silo.User(email).LoginAsync(new LoginRequest(Password, null, null))).Error?.Code);
        await LoginAsync(silo, email, NewPassword);
        var events = await silo.EventsOfAsync(email);
        Assert.Contains(events, e => e.Event.Type == UserEventTypes.PasswordChanged);
        Assert.Equal("password_changed", EventData(events, UserEventTypes.SessionRevoked, "reason"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ChangePasswordAsync_WrongCurrentPassword_CountsTowardsLockout(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        await RegisterAsync(silo, email);
        var grant = await LoginAsync(silo, email);

        var results = new List<AuthErrorCode?>();
        for (var i = 0; i < 6; i++)
        {
            results.Add((await silo.User(email).ChangePasswordAsync(grant.UserId, grant.SessionId, new ChangePasswordRequest("wrong password!", NewPassword))).Error?.Code);
        }

        Assert.Equal(Enumerable.Repeat<AuthErrorCode?>(AuthErrorCode.InvalidCredentials, 5).Append(AuthErrorCode.AccountLocked), results);
        Assert.Equal(AuthErrorCode.AccountLocked, (await silo.User(email).LoginAsync(new LoginRequest(Password, null, null))).Error?.Code);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ChangePasswordAsync_WeakNewPassword_ReturnsWeakPasswordForNewPasswordField(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        await RegisterAsync(silo, email);
        var grant = await LoginAsync(silo, email);

        var result = await silo.User(email).ChangePasswordAsync(grant.UserId, grant.SessionId, new ChangePasswordRequest(Password, "qwertyuiop"));

        Assert.Equal(AuthErrorCode.WeakPassword, result.Error?.Code);
        Assert.Equal("new_password", Assert.Single(result.Error!.FieldErrors!.Value).Field);
        await LoginAsync(silo, email);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ResetPasswordAsync_ValidToken_EndsAllSessionsAndWorksOnce(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        await RegisterAsync(silo, email);
        var grants = new[] { await LoginAsync(silo, email), await LoginAsync(silo, email) };
        Assert.True((await silo.User(email).ForgotPasswordAsync()).Succeeded);
        var token = EventData(await silo.EventsOfAsync(email), UserEventTypes.PasswordResetRequested, "reset_token");

        var weak = await silo.User(email).ResetPasswordAsync(new ResetPasswordRequest(token, "password1"));
        var reset = await silo.User(email).ResetPasswordAsync(new ResetPasswordRequest(token, NewPassword));
        var again = await silo.User(email).ResetPasswordAsync(new ResetPasswordRequest(token, NewPassword + "!"));

        Assert.Equal(AuthErrorCode.WeakPassword, weak.Error?.Code);
        Assert.True(reset.Succeeded);
        Assert.Equal(AuthErrorCode.InvalidToken, again.Error?.Code);
        foreach (var grant in grants)
        {
            await AssertEndedAsync(silo, email, grant);
        }

        var login = await LoginAsync(silo, email, NewPassword);
        Assert.True((await silo.User(email).GetProfileAsync(login.UserId, login.SessionId)).Value!.EmailVerified);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ResetPasswordAsync_ExpiredOrForeignToken_IsRefused(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        var other = NewEmail();
        await RegisterAsync(silo, email);
        await RegisterAsync(silo, other);
        await silo.User(email).ForgotPasswordAsync();
        await silo.User(other).ForgotPasswordAsync();
        var token = EventData(await silo.EventsOfAsync(email), UserEventTypes.PasswordResetRequested, "reset_token");
        var othersToken = EventData(await silo.EventsOfAsync(other), UserEventTypes.PasswordResetRequested, "reset_token");

        var foreign = await silo.User(email).ResetPasswordAsync(new ResetPasswordRequest(othersToken, NewPassword));
        silo.Time.Advance(TimeSpan.FromHours(1));
        var expired = await silo.User(email).ResetPasswordAsync(new ResetPasswordRequest(token, NewPassword));

        Assert.Equal(AuthErrorCode.InvalidToken, foreign.Error?.Code);
        Assert.Equal(AuthErrorCode.ExpiredToken, expired.Error?.Code);
        await LoginAsync(silo, email);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RevokeSessionAsync_OtherSession_EndsItAndUnknownIsNotFound(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        await RegisterAsync(silo, email);
        var current = await LoginAsync(silo, email);
        var other = await LoginAsync(silo, email);

        var revoked = await silo.User(email).RevokeSessionAsync(current.UserId, current.SessionId, other.SessionId);
        var unknown = await silo.User(email).RevokeSessionAsync(current.UserId, current.SessionId, Guid.NewGuid());
        var again = await silo.User(email).RevokeSessionAsync(current.UserId, current.SessionId, other.SessionId);

        Assert.True(revoked.Succeeded);
        Assert.Equal(AuthErrorCode.NotFound, unknown.Error?.Code);
        Assert.Equal(AuthErrorCode.NotFound, again.Error?.Code);
        await AssertEndedAsync(silo, email, other);
        await AssertActiveAsync(silo, email, current);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GetSessionsAsync_ListsActiveSessionsNewestFirstWithTheCurrentMarked(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        await RegisterAsync(silo, email);
        var older = await LoginAsync(silo, email);
        silo.Time.Advance(TimeSpan.FromMinutes(1));
        var newer = await LoginAsync(silo, email);

        var sessions = (await silo.User(email).GetSessionsAsync(older.UserId, older.SessionId)).Value!.Sessions;

        Assert.Equal([newer.SessionId, older.SessionId], sessions.Select(s => s.SessionId));
        Assert.Equal([false, true], sessions.Select(s => s.Current));
        Assert.All(sessions, s => Assert.Equal(("test-agent", "127.0.0.1"), (s.UserAgent, s.ClientAddress)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LoginAsync_BeyondSessionLimit_EndsTheLeastRecentlyUsedSession(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider, settings: new Dictionary<string, string?> { ["Auth:MaxSessionsPerUser"] = "3" });
        var email = NewEmail();
        await RegisterAsync(silo, email);
        var grants = new List<SessionGrant>();
        for (var i = 0; i < 4; i++)
        {
            grants.Add(await LoginAsync(silo, email));
            silo.Time.Advance(TimeSpan.FromSeconds(1));
        }

        await AssertEndedAsync(silo, email, grants[0]);
        Assert.Equal(3, (await silo.User(email).GetSessionsAsync(grants[3].UserId, grants[3].SessionId)).Value!.Sessions.Length);
        Assert.Equal("session_limit", EventData(await silo.EventsOfAsync(email), UserEventTypes.SessionRevoked, "reason"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task BearerOperations_OtherUsersIdOrUnknownSession_ReturnInvalidToken(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        await RegisterAsync(silo, email);
        var grant = await LoginAsync(silo, email);

        Assert.Equal(AuthErrorCode.InvalidToken, (await silo.User(email).GetProfileAsync(Guid.NewGuid(), grant.SessionId)).Error?.Code);
        Assert.Equal(AuthErrorCode.InvalidToken, (await silo.User(email).GetProfileAsync(grant.UserId, Guid.NewGuid())).Error?.Code);
        Assert.Equal(AuthErrorCode.InvalidToken, (await silo.User(NewEmail()).ValidateSessionAsync(grant.UserId, grant.SessionId)).Error?.Code);
        Assert.Equal(email, (await silo.User(email).GetProfileAsync(grant.UserId, grant.SessionId)).Value!.Email);
    }

    private static async Task AssertEndedAsync(UserSilo silo, string email, SessionGrant grant)
    {
        Assert.Equal(AuthErrorCode.InvalidToken, (await silo.User(email).ValidateSessionAsync(grant.UserId, grant.SessionId)).Error?.Code);
        Assert.Equal(AuthErrorCode.InvalidToken, (await silo.User(email).RefreshAsync(new RefreshRequest(grant.RefreshToken, null, null))).Error?.Code);
    }

    private static async Task AssertActiveAsync(UserSilo silo, string email, SessionGrant grant)
    {
        var validation = await silo.User(email).ValidateSessionAsync(grant.UserId, grant.SessionId);
        Assert.True(validation.Succeeded, validation.Error?.ToString());
        Assert.Equal(grant.SessionId, validation.Value.SessionId);
    }
}
