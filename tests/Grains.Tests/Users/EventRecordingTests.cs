using OrleansAuth.Grains.Interfaces;
using OrleansAuth.Grains.Tests.Infrastructure;
using Orleans.Storage;
using OrleansAuth.Hosting.Storage;
using OrleansAuth.Hosting.Tests.Infrastructure;
using static OrleansAuth.Grains.Tests.Infrastructure.TestUsers;

namespace OrleansAuth.Grains.Tests.Users;

/// <summary>Events are stored exactly with the state changes that caused them: none without, none missing.</summary>
public sealed class EventRecordingTests(DatabasesFixture databases) : IClassFixture<DatabasesFixture>
{
    public static TheoryData<string> Providers => DatabasesFixture.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Operations_AcknowledgedChanges_HaveExactlyTheirEventsInOrder(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        var profile = await RegisterAsync(silo, email);
        await silo.User(email).VerifyEmailAsync(EventData(await silo.EventsOfAsync(email), UserEventTypes.Registered, "verification_token"));
        var grant = await LoginAsync(silo, email);
        await silo.User(email).LoginAsync(new LoginRequest("wrong password!", null, null));
        await silo.User(email).RefreshAsync(new RefreshRequest(grant.RefreshToken, null, null));
        await silo.User(email).ForgotPasswordAsync();
        await silo.User(email).LogoutAsync(grant.UserId, grant.SessionId);

        var events = await silo.EventsOfAsync(email);

        Assert.Equal(
            [UserEventTypes.Registered, UserEventTypes.EmailVerified, UserEventTypes.LoggedIn, UserEventTypes.LoginFailed, UserEventTypes.PasswordResetRequested, UserEventTypes.SessionRevoked],
            Types(events));
        Assert.Equal(events.Count, events.Select(e => e.Event.Id).Distinct().Count());
        Assert.All(events, e => Assert.Equal(profile.UserId.ToString(), EventData([e], e.Event.Type, "user_id")));
        Assert.All(events, e => Assert.Equal(email, EventData([e], e.Event.Type, "email")));

        // Each change is one state version, and its events carry that version (the refresh changed state without an event).
        Assert.Equal([1L, 2L, 3L, 4L, 6L, 7L], events.Select(e => e.StateVersion));
        Assert.Equal(7, (await silo.Storage.ReadAsync(new GrainRowKey("user", email), "user", CancellationToken.None))!.Version);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LoginAsync_OnStaleDuplicateActivation_FailsWithoutEventsAndNextCallReloads(string provider)
    {
        var email = NewEmail();
        var time = new FakeTimeProvider();
        await using var first = await UserSilo.StartAsync(databases, provider, time);
        await using var second = await UserSilo.StartAsync(databases, provider, time);
        await RegisterAsync(first, email);

        // The second silo activates the grain at version 1 (a read-only call), then the first moves it to version 2.
        await second.User(email).GetProfileAsync(Guid.Empty, Guid.Empty);
        var firstLogin = await LoginAsync(first, email);

        var stale = await Record.ExceptionAsync(() => second.User(email).LoginAsync(new LoginRequest(Password, null, null)));

        Assert.True(IsInconsistentState(stale), $"Expected a stale-write failure, got {stale}");
        Assert.Equal([UserEventTypes.Registered, UserEventTypes.LoggedIn], Types(await second.EventsOfAsync(email)));

        // The stale activation was dropped: the next call reads version 2 and both sessions exist.
        var retried = await LoginAsync(second, email);
        var sessions = await second.User(email).GetSessionsAsync(retried.UserId, retried.SessionId);
        Assert.Equal(new[] { retried.SessionId, firstLogin.SessionId }.Order(), sessions.Value!.Sessions.Select(s => s.SessionId).Order());
        Assert.Equal(2, (await second.EventsOfAsync(email)).Count(e => e.Event.Type == UserEventTypes.LoggedIn));
    }

    private static bool IsInconsistentState(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is InconsistentStateException)
            {
                return true;
            }
        }

        return false;
    }
}
