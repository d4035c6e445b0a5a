using Microsoft.Extensions.DependencyInjection;
using OrleansAuth.Grains.Interfaces;
using OrleansAuth.Grains.Tests.Infrastructure;
using static OrleansAuth.Grains.Tests.Infrastructure.TestUsers;

namespace OrleansAuth.Grains.Tests.Users;

public sealed class RegistrationTests(DatabasesFixture databases) : IClassFixture<DatabasesFixture>
{
    public static TheoryData<string> Providers => DatabasesFixture.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RegisterAsync_NewEmail_CreatesUnverifiedUserWithRegisteredEvent(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();

        var profile = await RegisterAsync(silo, "  " + email.ToUpperInvariant() + " ");

        Assert.NotEqual(Guid.Empty, profile.UserId);
        Assert.Equal(email, profile.Email);
        Assert.False(profile.EmailVerified);
        Assert.Equal(["user"], profile.Roles.ToArray());
        var events = await silo.EventsOfAsync(email);
        var registered = Assert.Single(events);
        Assert.Equal(UserEventTypes.Registered, registered.Event.Type);
        Assert.Equal(profile.UserId.ToString(), EventData(events, UserEventTypes.Registered, "user_id"));
        Assert.Equal(email, EventData(events, UserEventTypes.Registered, "email"));
        Assert.True(OpaqueToken.TryParse(EventData(events, UserEventTypes.Registered, "verification_token"), out var token));
        Assert.Equal(OpaqueTokenKind.EmailVerification, token.Kind);
        Assert.Equal(email, token.GrainKey);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RegisterAsync_ExistingEmail_ReturnsDuplicateEmailAndRecordsNothing(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        await RegisterAsync(silo, email);

        var again = await silo.User(email.ToUpperInvariant()).RegisterAsync("another strong passphrase 7");

        Assert.Equal(AuthErrorCode.DuplicateEmail, again.Error?.Code);
        Assert.Single(await silo.EventsOfAsync(email));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RegisterAsync_WeakPassword_ReturnsWeakPasswordAndStoresNothing(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();

        var common = await silo.User(email).RegisterAsync("password123");
        var shortOne = await silo.User(email).RegisterAsync("Ab1!xyz");

        Assert.Equal(AuthErrorCode.WeakPassword, common.Error?.Code);
        Assert.Equal(AuthErrorCode.WeakPassword, shortOne.Error?.Code);
        Assert.Equal("password", Assert.Single(common.Error!.FieldErrors!.Value).Field);
        Assert.Empty(await silo.EventsOfAsync(email));
        Assert.Equal(AuthErrorCode.InvalidCredentials, (await silo.User(email).LoginAsync(new LoginRequest("password123", null, null))).Error?.Code);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RegisterAsync_KeyNotNormalized_ReturnsValidationError(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var grain = silo.Grains.GetGrain<IUserGrain>("Not.Normalized@Example.com");

        var result = await grain.RegisterAsync(Password);

        Assert.Equal(AuthErrorCode.ValidationError, result.Error?.Code);
        Assert.Equal("email", Assert.Single(result.Error!.FieldErrors!.Value).Field);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task VerifyEmailAsync_ValidToken_VerifiesOnceThenTokenIsInvalid(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        await RegisterAsync(silo, email);
        var token = EventData(await silo.EventsOfAsync(email), UserEventTypes.Registered, "verification_token");

        var first = await silo.User(email).VerifyEmailAsync(token);
        var second = await silo.User(email).VerifyEmailAsync(token);

        Assert.True(first.Succeeded);
        Assert.True(first.Value.EmailVerified);
        Assert.Equal(silo.Time.GetUtcNow(), first.Value.EmailVerifiedAt);
        Assert.Equal(AuthErrorCode.InvalidToken, second.Error?.Code);
        Assert.Equal([UserEventTypes.Registered, UserEventTypes.EmailVerified], Types(await silo.EventsOfAsync(email)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task VerifyEmailAsync_AfterLifetime_ReturnsExpiredToken(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        await RegisterAsync(silo, email);
        var token = EventData(await silo.EventsOfAsync(email), UserEventTypes.Registered, "verification_token");

        silo.Time.Advance(TimeSpan.FromHours(24));
        var result = await silo.User(email).VerifyEmailAsync(token);

        Assert.Equal(AuthErrorCode.ExpiredToken, result.Error?.Code);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task VerifyEmailAsync_ForeignOrTamperedOrGarbageToken_ReturnsInvalidToken(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        var other = NewEmail();
        await RegisterAsync(silo, email);
        await RegisterAsync(silo, other);
        var token = EventData(await silo.EventsOfAsync(email), UserEventTypes.Registered, "verification_token");
        var othersToken = EventData(await silo.EventsOfAsync(other), UserEventTypes.Registered, "verification_token");
        var tampered = token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];
        var forged = OpaqueToken.Issue(OpaqueTokenKind.EmailVerification, email, OpaqueToken.TryParse(token, out var parsed) ? parsed.Handle : default).Value;

        foreach (var presented in new[] { othersToken, tampered, forged, "garbage", string.Empty, token.Replace("oaev_", "oapr_", StringComparison.Ordinal) })
        {
            Assert.Equal(AuthErrorCode.InvalidToken, (await silo.User(email).VerifyEmailAsync(presented)).Error?.Code);
        }

        Assert.True((await silo.User(email).VerifyEmailAsync(token)).Succeeded);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ResendVerificationAsync_Unverified_ReplacesTheToken(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        await RegisterAsync(silo, email);
        var first = EventData(await silo.EventsOfAsync(email), UserEventTypes.Registered, "verification_token");

        Assert.True((await silo.User(email).ResendVerificationAsync()).Succeeded);
        var second = EventData(await silo.EventsOfAsync(email), UserEventTypes.VerificationRequested, "verification_token");

        Assert.Equal(AuthErrorCode.InvalidToken, (await silo.User(email).VerifyEmailAsync(first)).Error?.Code);
        Assert.True((await silo.User(email).VerifyEmailAsync(second)).Succeeded);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ResendAndForgot_UnknownEmail_SucceedWithoutEvents(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();

        Assert.True((await silo.User(email).ResendVerificationAsync()).Succeeded);
        Assert.True((await silo.User(email).ForgotPasswordAsync()).Succeeded);

        Assert.Empty(await silo.EventsOfAsync(email));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RegisterAsync_AdminEmail_GetsAdminRole(string provider)
    {
        var admin = NewEmail();
        await using var silo = await UserSilo.StartAsync(databases, provider, settings: new Dictionary<string, string?> { ["Auth:AdminEmails:0"] = admin.ToUpperInvariant() });

        var profile = await RegisterAsync(silo, admin);
        var grant = await LoginAsync(silo, admin);

        Assert.Equal(["user", "admin"], profile.Roles.ToArray());
        Assert.Equal(["user", "admin"], grant.Roles.ToArray());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task UserState_AfterSiloRestart_IsReloadedFromStorage(string provider)
    {
        var email = NewEmail();
        var time = new OrleansAuth.Hosting.Tests.Infrastructure.FakeTimeProvider();
        SessionGrant grant;
        await using (var first = await UserSilo.StartAsync(databases, provider, time))
        {
            await RegisterAsync(first, email);
            grant = await LoginAsync(first, email);
        }

        await using var second = await UserSilo.StartAsync(databases, provider, time);
        var session = await second.User(email).ValidateSessionAsync(grant.UserId, grant.SessionId);
        var refreshed = await second.User(email).RefreshAsync(new RefreshRequest(grant.RefreshToken, null, null));

        Assert.True(session.Succeeded);
        Assert.Equal(email, session.Value.Email);
        Assert.True(refreshed.Succeeded);
        Assert.Equal(grant.SessionId, refreshed.Value.SessionId);
        Assert.Equal(AuthErrorCode.DuplicateEmail, (await second.User(email).RegisterAsync(Password)).Error?.Code);
    }
}
