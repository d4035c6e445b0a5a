using OrleansAuth.Grains.Interfaces;
using OrleansAuth.Grains.Tests.Infrastructure;
using static OrleansAuth.Grains.Tests.Infrastructure.TestUsers;

namespace OrleansAuth.Grains.Tests.Users;

/// <summary>
/// What the API puts in the RequestContext reaches the events (and so the audit log): client address, user agent,
/// correlation id, and the administrator acting on another account.
/// </summary>
public sealed class RequestDetailsTests(DatabasesFixture databases) : IClassFixture<DatabasesFixture>
{
    public static TheoryData<string> Providers => DatabasesFixture.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Record_CallWithRequestContext_EventCarriesClientAddressUserAgentAndCorrelationId(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();

        Request("req-1", (AuditContextKeys.ClientAddress, "198.51.100.9"), (AuditContextKeys.UserAgent, "Agent/2"));
        try
        {
            await RegisterAsync(silo, email);
        }
        finally
        {
            RequestContext.Clear();
        }

        var events = await silo.EventsOfAsync(email);
        Assert.Equal("198.51.100.9", EventData(events, UserEventTypes.Registered, "ip"));
        Assert.Equal("Agent/2", EventData(events, UserEventTypes.Registered, "user_agent"));
        Assert.Equal("req-1", EventData(events, UserEventTypes.Registered, "correlation_id"));
        Assert.DoesNotContain("actor_id", events.Single().Event.Data);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Record_AdminActsOnAnotherAccount_EventNamesTheAdminButNotOnItsOwn(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        var profile = await RegisterAsync(silo, email);
        var adminId = Guid.NewGuid();

        Request("req-2", (AuditContextKeys.ActorId, adminId.ToString()), (AuditContextKeys.ActorEmail, "root@example.com"));
        try
        {
            Assert.True((await silo.User(email).UpdateAccountAsync(new AccountUpdate(Disabled: true))).Succeeded);
            Request("req-3", (AuditContextKeys.ActorId, profile.UserId.ToString()), (AuditContextKeys.ActorEmail, email));
            Assert.True((await silo.User(email).UpdateAccountAsync(new AccountUpdate(Disabled: false))).Succeeded);
        }
        finally
        {
            RequestContext.Clear();
        }

        var updates = (await silo.EventsOfAsync(email)).Where(e => e.Event.Type == UserEventTypes.Updated).ToList();
        Assert.Equal(adminId.ToString(), EventData(updates.Take(1), UserEventTypes.Updated, "actor_id"));
        Assert.Equal("root@example.com", EventData(updates.Take(1), UserEventTypes.Updated, "actor_email"));
        Assert.DoesNotContain("actor_id", updates[1].Event.Data);
        Assert.Equal("req-3", EventData(updates.Skip(1), UserEventTypes.Updated, "correlation_id"));
    }

    /// <summary>What the API's middleware puts in Orleans' RequestContext for one request.</summary>
    private static void Request(string correlationId, params (string Key, string Value)[] entries)
    {
        RequestContext.Clear();
        RequestContext.Set(AuditContextKeys.CorrelationId, correlationId);
        foreach (var (key, value) in entries)
        {
            RequestContext.Set(key, value);
        }
    }
}
