using System.Text.Json;
using OrleansAuth.Grains.Interfaces;
using OrleansAuth.Grains.Tests.Infrastructure;
using OrleansAuth.Hosting.Storage;
using static OrleansAuth.Grains.Tests.Infrastructure.TestUsers;

namespace OrleansAuth.Grains.Tests.Users;

public sealed class LoginTests(DatabasesFixture databases) : IClassFixture<DatabasesFixture>
{
    public static TheoryData<string> Providers => DatabasesFixture.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LoginAsync_RightPassword_StartsSessionAndRecordsLoggedIn(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        var profile = await RegisterAsync(silo, email);

        var grant = await LoginAsync(silo, email.ToUpperInvariant());

        Assert.Equal(profile.UserId, grant.UserId);
        Assert.Equal(email, grant.Email);
        Assert.Equal(silo.Time.GetUtcNow() + TimeSpan.FromDays(7), grant.RefreshTokenExpiresAt);
        Assert.True(OpaqueToken.TryParse(grant.RefreshToken, out var token));
        Assert.Equal((OpaqueTokenKind.Refresh, email, grant.SessionId), (token.Kind, token.GrainKey, token.Handle));
        Assert.True((await silo.User(email).ValidateSessionAsync(grant.UserId, grant.SessionId)).Succeeded);
        var events = await silo.EventsOfAsync(email);
        Assert.Equal([UserEventTypes.Registered, UserEventTypes.LoggedIn], Types(events));
        Assert.Equal(grant.SessionId.ToString(), EventData(events, UserEventTypes.LoggedIn, "session_id"));
        Assert.Equal("127.0.0.1", EventData(events, UserEventTypes.LoggedIn, "ip"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LoginAsync_WrongPasswordOrUnknownEmail_ReturnTheSameError(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        var unknown = NewEmail();
        await RegisterAsync(silo, email);

        var wrong = await silo.User(email).LoginAsync(new LoginRequest("not the password at all", null, "10.0.0.1"));
        var missing = await silo.User(unknown).LoginAsync(new LoginRequest("not the password at all", null, "10.0.0.1"));

        Assert.Equal(AuthErrorCode.InvalidCredentials, wrong.Error?.Code);
        Assert.Equal(wrong, missing);
        Assert.Equal("invalid_password", EventData(await silo.EventsOfAsync(email), UserEventTypes.LoginFailed, "reason"));
        var unknownEvents = await silo.EventsOfAsync(unknown);
        Assert.Equal("unknown_email", EventData(unknownEvents, UserEventTypes.LoginFailed, "reason"));
        Assert.False(JsonDocument.Parse(Assert.Single(unknownEvents).Event.Data).RootElement.TryGetProperty("user_id", out _));
        Assert.Null(await silo.Storage.ReadAsync(new GrainRowKey("user", unknown), "user", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LoginAsync_100ParallelWrongPasswords_LocksExactlyAtThresholdAndRefusesRightPassword(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        await RegisterAsync(silo, email);

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            Task.Run(() => silo.User(email).LoginAsync(new LoginRequest($"wrong password {i}", null, null)))));
        var right = await silo.User(email).LoginAsync(new LoginRequest(Password, null, null));

        Assert.Equal(5, results.Count(r => r.Error?.Code == AuthErrorCode.InvalidCredentials));
        Assert.Equal(95, results.Count(r => r.Error?.Code == AuthErrorCode.AccountLocked));
        Assert.Equal(AuthErrorCode.AccountLocked, right.Error?.Code);
        Assert.Equal(TimeSpan.FromMinutes(1), right.Error!.RetryAfter);
        var events = await silo.EventsOfAsync(email);
        Assert.Single(events, e => e.Event.Type == UserEventTypes.LockedOut);
        Assert.Equal(101, events.Count(e => e.Event.Type == UserEventTypes.LoginFailed));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LoginAsync_RepeatedLocks_DoubleUpToTheCapAndSuccessResets(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        await RegisterAsync(silo, email);

        var durations = new List<TimeSpan>();
        for (var lockNumber = 0; lockNumber < 6; lockNumber++)
        {
            durations.Add(await LockAsync(silo, email));
            silo.Time.Advance(durations[^1]);
        }

        await LoginAsync(silo, email);
        var afterSuccess = await LockAsync(silo, email);

        Assert.Equal([1, 2, 4, 8, 15, 15], durations.Select(d => d.TotalMinutes));
        Assert.Equal(TimeSpan.FromMinutes(1), afterSuccess);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LoginAsync_LockExpired_RightPasswordSucceeds(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        await RegisterAsync(silo, email);
        await LockAsync(silo, email);

        silo.Time.Advance(TimeSpan.FromSeconds(59));
        var stillLocked = await silo.User(email).LoginAsync(new LoginRequest(Password, null, null));
        silo.Time.Advance(TimeSpan.FromSeconds(1));
        var unlocked = await silo.User(email).LoginAsync(new LoginRequest(Password, null, null));

        Assert.Equal(TimeSpan.FromSeconds(1), stillLocked.Error?.RetryAfter);
        Assert.True(unlocked.Succeeded);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LoginAsync_SuccessBetweenFailures_ResetsTheFailureCount(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        await RegisterAsync(silo, email);

        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 4; i++)
            {
                Assert.Equal(AuthErrorCode.InvalidCredentials, (await silo.User(email).LoginAsync(new LoginRequest("wrong password!", null, null))).Error?.Code);
            }

            await LoginAsync(silo, email);
        }

        Assert.DoesNotContain(await silo.EventsOfAsync(email), e => e.Event.Type == UserEventTypes.LockedOut);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LoginAsync_UnknownEmailRepeatedly_LocksLikeAnAccount(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var unknown = NewEmail();

        var results = new List<AuthErrorCode?>();
        for (var i = 0; i < 6; i++)
        {
            results.Add((await silo.User(unknown).LoginAsync(new LoginRequest("some guess 1234", null, null))).Error?.Code);
        }

        Assert.Equal(Enumerable.Repeat<AuthErrorCode?>(AuthErrorCode.InvalidCredentials, 5).Append(AuthErrorCode.AccountLocked), results);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LoginAsync_VerificationRequired_RefusesUntilVerified(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider, settings: new Dictionary<string, string?> { ["Auth:RequireVerifiedEmail"] = "true" });
        var email = NewEmail();
        await RegisterAsync(silo, email);

        var before = await silo.User(email).LoginAsync(new LoginRequest(Password, null, null));
        var wrong = await silo.User(email).LoginAsync(new LoginRequest("wrong password!", null, null));
        await silo.User(email).VerifyEmailAsync(EventData(await silo.EventsOfAsync(email), UserEventTypes.Registered, "verification_token"));
        var after = await silo.User(email).LoginAsync(new LoginRequest(Password, null, null));

        Assert.Equal(AuthErrorCode.EmailNotVerified, before.Error?.Code);
        Assert.Equal(AuthErrorCode.InvalidCredentials, wrong.Error?.Code);
        Assert.True(after.Succeeded);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task UpdateAccountAsync_Disable_EndsSessionsAndRefusesLoginAndRefresh(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        await RegisterAsync(silo, email);
        var grant = await LoginAsync(silo, email);

        var disabled = await silo.User(email).UpdateAccountAsync(new AccountUpdate(Disabled: true));
        var login = await silo.User(email).LoginAsync(new LoginRequest(Password, null, null));
        var wrongLogin = await silo.User(email).LoginAsync(new LoginRequest("wrong password!", null, null));
        var refresh = await silo.User(email).RefreshAsync(new RefreshRequest(grant.RefreshToken, null, null));

        Assert.True(disabled.Value!.Disabled);
        Assert.Equal(AuthErrorCode.AccountDisabled, login.Error?.Code);
        Assert.Equal(AuthErrorCode.InvalidCredentials, wrongLogin.Error?.Code);
        Assert.Equal(AuthErrorCode.InvalidToken, refresh.Error?.Code);
        Assert.Equal(AuthErrorCode.InvalidToken, (await silo.User(email).ValidateSessionAsync(grant.UserId, grant.SessionId)).Error?.Code);
        Assert.Equal("account_disabled", EventData(await silo.EventsOfAsync(email), UserEventTypes.SessionRevoked, "reason"));
        Assert.True((await silo.User(email).UpdateAccountAsync(new AccountUpdate(Disabled: false))).Succeeded);
        Assert.True((await silo.User(email).LoginAsync(new LoginRequest(Password, null, null))).Succeeded);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LoginAsync_HashParametersChanged_RehashesOnSuccessfulLogin(string provider)
    {
        var email = NewEmail();
        await using (var pbkdf2 = await UserSilo.StartAsync(databases, provider, settings: new Dictionary<string, string?> { ["Auth:PasswordHashing:Algorithm"] = "Pbkdf2Sha512" }))
        {
            await RegisterAsync(pbkdf2, email);
            Assert.StartsWith("$pbkdf2-sha512$i=210000$", await StoredHashAsync(pbkdf2, email), StringComparison.Ordinal);
        }

        await using (var argon2 = await UserSilo.StartAsync(databases, provider))
        {
            Assert.Equal(AuthErrorCode.InvalidCredentials, (await argon2.User(email).LoginAsync(new LoginRequest("wrong password!", null, null))).Error?.Code);
            Assert.StartsWith("$pbkdf2-sha512$", await StoredHashAsync(argon2, email), StringComparison.Ordinal);
            await LoginAsync(argon2, email);
            Assert.StartsWith("$argon2id$v=19$m=19456,t=2,p=1$", await StoredHashAsync(argon2, email), StringComparison.Ordinal);
        }

        await using var stronger = await UserSilo.StartAsync(databases, provider, settings: new Dictionary<string, string?> { ["Auth:PasswordHashing:Argon2Iterations"] = "3" });
        await LoginAsync(stronger, email);
        Assert.StartsWith("$argon2id$v=19$m=19456,t=3,p=1$", await StoredHashAsync(stronger, email), StringComparison.Ordinal);
        await LoginAsync(stronger, email);
    }

    /// <summary>Fails the password exactly MaxFailures (5) times, checks the lock engaged, returns its Retry-After.</summary>
    private static async Task<TimeSpan> LockAsync(UserSilo silo, string email)
    {
        for (var i = 0; i < 5; i++)
        {
            var result = await silo.User(email).LoginAsync(new LoginRequest("wrong password!", null, null));
            Assert.Equal(AuthErrorCode.InvalidCredentials, result.Error?.Code);
        }

        var probe = await silo.User(email).LoginAsync(new LoginRequest(Password, null, null));
        Assert.Equal(AuthErrorCode.AccountLocked, probe.Error?.Code);
        return probe.Error!.RetryAfter!.Value;
    }

    private static async Task<string> StoredHashAsync(UserSilo silo, string email)
    {
        var record = await silo.Storage.ReadAsync(new GrainRowKey("user", email), "user", CancellationToken.None);
        var root = JsonDocument.Parse(record!.Payload!).RootElement;
        return (root.TryGetProperty("password_hash", out var hash) ? hash : root.GetProperty("passwordHash")).GetString()!;
    }
}
