using OrleansAuth.Grains.Interfaces;
using OrleansAuth.Grains.Tests.Infrastructure;
using static OrleansAuth.Grains.Tests.Infrastructure.TestUsers;

namespace OrleansAuth.Grains.Tests.Users;

public sealed class RefreshTests(DatabasesFixture databases) : IClassFixture<DatabasesFixture>
{
    public static TheoryData<string> Providers => DatabasesFixture.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RefreshAsync_CurrentToken_RotatesWithinTheSameSession(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        await RegisterAsync(silo, email);
        var grant = await LoginAsync(silo, email);
        silo.Time.Advance(TimeSpan.FromMinutes(5));

        var refreshed = await Refresh(silo, email, grant.RefreshToken);

        Assert.True(refreshed.Succeeded);
        Assert.Equal(grant.SessionId, refreshed.Value.SessionId);
        Assert.NotEqual(grant.RefreshToken, refreshed.Value.RefreshToken);
        Assert.Equal(silo.Time.GetUtcNow() + TimeSpan.FromDays(7), refreshed.Value.RefreshTokenExpiresAt);
        var sessions = await silo.User(email).GetSessionsAsync(grant.UserId, grant.SessionId);
        Assert.Equal(silo.Time.GetUtcNow(), Assert.Single(sessions.Value!.Sessions).LastUsedAt);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RefreshAsync_20ParallelWithOneTokenWithinLeeway_AllGetWorkingTokensOfOneSession(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        await RegisterAsync(silo, email);
        var grant = await LoginAsync(silo, email);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Refresh(silo, email, grant.RefreshToken))));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.ToString()));
        Assert.All(results, r => Assert.Equal(grant.SessionId, r.Value!.SessionId));
        Assert.Equal(20, results.Select(r => r.Value!.RefreshToken).Distinct().Count());
        Assert.Single((await silo.User(email).GetSessionsAsync(grant.UserId, grant.SessionId)).Value!.Sessions);

        // Every tab's token still works (each is of the current generation or just rotated, within the leeway).
        foreach (var result in results)
        {
            var next = await Refresh(silo, email, result.Value!.RefreshToken);
            Assert.True(next.Succeeded, next.Error?.ToString());
            Assert.Equal(grant.SessionId, next.Value.SessionId);
        }

        Assert.Single((await silo.User(email).GetSessionsAsync(grant.UserId, grant.SessionId)).Value!.Sessions);
        Assert.DoesNotContain(await silo.EventsOfAsync(email), e => e.Event.Type == UserEventTypes.RefreshTokenReuseDetected);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RefreshAsync_RotatedTokenAfterLeeway_ReturnsTokenReusedAndEndsTheSession(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        await RegisterAsync(silo, email);
        var grant = await LoginAsync(silo, email);
        var other = await LoginAsync(silo, email);
        var next = await Refresh(silo, email, grant.RefreshToken);

        silo.Time.Advance(TimeSpan.FromSeconds(11));
        var reused = await Refresh(silo, email, grant.RefreshToken);
        var successor = await Refresh(silo, email, next.Value!.RefreshToken);

        Assert.Equal(AuthErrorCode.TokenReused, reused.Error?.Code);
        Assert.Equal(AuthErrorCode.InvalidToken, successor.Error?.Code);
        Assert.Equal(AuthErrorCode.InvalidToken, (await silo.User(email).ValidateSessionAsync(grant.UserId, grant.SessionId)).Error?.Code);
        Assert.True((await silo.User(email).ValidateSessionAsync(other.UserId, other.SessionId)).Succeeded);
        var events = await silo.EventsOfAsync(email);
        Assert.Equal([UserEventTypes.RefreshTokenReuseDetected, UserEventTypes.SessionRevoked], Types(events)[^2..]);
        Assert.Equal("token_reuse", EventData(events, UserEventTypes.SessionRevoked, "reason"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RefreshAsync_TokenSeveralGenerationsOld_IsDetectedAsReuse(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        await RegisterAsync(silo, email);
        var grant = await LoginAsync(silo, email);
        var token = grant.RefreshToken;
        for (var i = 0; i < 5; i++)
        {
            silo.Time.Advance(TimeSpan.FromMinutes(15));
            token = (await Refresh(silo, email, token)).Value!.RefreshToken;
        }

        var reused = await Refresh(silo, email, grant.RefreshToken);

        Assert.Equal(AuthErrorCode.TokenReused, reused.Error?.Code);
        Assert.Equal(AuthErrorCode.InvalidToken, (await Refresh(silo, email, token)).Error?.Code);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RefreshAsync_AfterLifetime_ReturnsExpiredToken(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        await RegisterAsync(silo, email);
        var grant = await LoginAsync(silo, email);

        silo.Time.Advance(TimeSpan.FromDays(7));
        var expired = await Refresh(silo, email, grant.RefreshToken);

        Assert.Equal(AuthErrorCode.ExpiredToken, expired.Error?.Code);
        Assert.Equal(AuthErrorCode.InvalidToken, (await silo.User(email).ValidateSessionAsync(grant.UserId, grant.SessionId)).Error?.Code);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RefreshAsync_ForgedOrForeignOrWrongKindToken_ReturnsInvalidTokenWithoutRevoking(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        var other = NewEmail();
        await RegisterAsync(silo, email);
        await RegisterAsync(silo, other);
        var grant = await LoginAsync(silo, email);
        var othersGrant = await LoginAsync(silo, other);
        var verification = EventData(await silo.EventsOfAsync(email), UserEventTypes.Registered, "verification_token");

        // Same session id, fresh secret: only the stored hash can tell it apart.
        var forged = OpaqueToken.Issue(OpaqueTokenKind.Refresh, email, grant.SessionId).Value;
        foreach (var presented in new[] { forged, othersGrant.RefreshToken, verification, "oart_garbage", string.Empty })
        {
            Assert.Equal(AuthErrorCode.InvalidToken, (await Refresh(silo, email, presented)).Error?.Code);
        }

        Assert.True((await Refresh(silo, email, grant.RefreshToken)).Succeeded);
    }

    private static Task<AuthResult<SessionGrant>> Refresh(UserSilo silo, string email, string token) =>
        silo.User(email).RefreshAsync(new RefreshRequest(token, "refresh-agent", "127.0.0.2"));
}
