using System.Collections.Immutable;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OrleansAuth.Grains.Directory;
using OrleansAuth.Grains.Interfaces;
using OrleansAuth.Grains.Tests.Infrastructure;
using OrleansAuth.Grains.Users;
using OrleansAuth.Hosting.Storage;
using OrleansAuth.Hosting.Storage.Database;
using static OrleansAuth.Grains.Tests.Infrastructure.TestUsers;

namespace OrleansAuth.Grains.Tests.Users;

/// <summary>Administrative changes and deletion, and the users projection that follows them in the same transaction.</summary>
public sealed class AdministrationTests(DatabasesFixture databases) : IClassFixture<DatabasesFixture>
{
    private static readonly Guid Admin = Guid.NewGuid();

    public static TheoryData<string> Providers => DatabasesFixture.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Projection_RegisterVerifyUpdate_FollowsEveryChange(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var directory = Directory(silo);
        var email = NewEmail();
        var profile = await RegisterAsync(silo, email);

        var registered = await directory.FindAsync(profile.UserId, CancellationToken.None);
        await silo.User(email).VerifyEmailAsync(EventData(await silo.EventsOfAsync(email), UserEventTypes.Registered, "verification_token"));
        var verified = await directory.FindAsync(profile.UserId, CancellationToken.None);
        silo.Time.Advance(TimeSpan.FromMinutes(1));
        var updated = await silo.User(email).UpdateAccountAsync(new AccountUpdate(Disabled: true, Roles: ["support", "billing.read"], ActorId: Admin));
        var afterUpdate = await directory.FindAsync(profile.UserId, CancellationToken.None);

        Assert.Equal(new UserSummary(profile.UserId, email, false, false, registered!.Roles, profile.CreatedAt, profile.CreatedAt), registered);
        Assert.Equal<string>(["user"], registered.Roles);
        Assert.True(verified!.EmailVerified);
        Assert.True(updated.Succeeded);
        Assert.Equal<string>(["user", "support", "billing.read"], updated.Value.Roles);
        Assert.True(afterUpdate!.Disabled);
        Assert.Equal<string>(updated.Value.Roles, afterUpdate.Roles);
        Assert.Equal(silo.Time.GetUtcNow(), afterUpdate.UpdatedAt);
        Assert.Equal(Admin.ToString(), EventData(await silo.EventsOfAsync(email), UserEventTypes.Updated, "actor_id"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DeleteAccountAsync_ActiveAccount_EndsSessionsErasesCredentialsAndEmailRegistersAgain(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        var old = await RegisterAsync(silo, email);
        var grant = await LoginAsync(silo, email);

        var deleted = await silo.User(email).DeleteAccountAsync(new AccountDeletion(old.UserId, Admin));

        var events = await silo.EventsOfAsync(email);
        Assert.True(deleted.Succeeded);
        Assert.Equal(AuthErrorCode.InvalidCredentials, (await silo.User(email).LoginAsync(new LoginRequest(Password, null, null))).Error?.Code);
        Assert.Equal(AuthErrorCode.InvalidToken, (await silo.User(email).RefreshAsync(new RefreshRequest(grant.RefreshToken, null, null))).Error?.Code);
        Assert.Equal(AuthErrorCode.InvalidToken, (await silo.User(email).ValidateSessionAsync(old.UserId, grant.SessionId)).Error?.Code);
        Assert.Null(await Directory(silo).FindAsync(old.UserId, CancellationToken.None));
        Assert.Equal([UserEventTypes.SessionRevoked, UserEventTypes.Deleted], Types(events)[^2..]);
        Assert.Equal("account_deleted", EventData(events, UserEventTypes.SessionRevoked, "reason"));
        Assert.Equal(Admin.ToString(), EventData(events, UserEventTypes.Deleted, "actor_id"));
        var stored = await silo.Storage.ReadAsync(new GrainRowKey("user", email), "user", CancellationToken.None);
        var payload = Encoding.UTF8.GetString(stored!.Payload!);
        Assert.DoesNotContain("argon2", payload, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(old.UserId.ToString(), payload, StringComparison.OrdinalIgnoreCase);

        var again = await RegisterAsync(silo, email);
        var newGrant = await LoginAsync(silo, email);

        Assert.NotEqual(old.UserId, again.UserId);
        Assert.True(newGrant.UserId == again.UserId);
        Assert.Equal(AuthErrorCode.InvalidToken, (await silo.User(email).ValidateSessionAsync(old.UserId, grant.SessionId)).Error?.Code);
        Assert.Equal(AuthErrorCode.InvalidToken, (await silo.User(email).ValidateSessionAsync(old.UserId, newGrant.SessionId)).Error?.Code);
        Assert.Equal(AuthErrorCode.NotFound, (await silo.User(email).DeleteAccountAsync(new AccountDeletion(old.UserId, Admin))).Error?.Code);
        Assert.Equal(AuthErrorCode.NotFound, (await silo.User(email).UpdateAccountAsync(new AccountUpdate(Disabled: true, UserId: old.UserId))).Error?.Code);
        Assert.Equal(email, (await Directory(silo).FindAsync(again.UserId, CancellationToken.None))?.Email);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AdministrativeChanges_OfOwnAccount_AreRefusedWithSelfLockout(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        var user = await RegisterAsync(silo, email);
        Assert.True((await silo.User(email).UpdateAccountAsync(new AccountUpdate(Roles: ["admin"]))).Succeeded);

        var disable = await silo.User(email).UpdateAccountAsync(new AccountUpdate(Disabled: true, ActorId: user.UserId));
        var demote = await silo.User(email).UpdateAccountAsync(new AccountUpdate(Roles: ["support"], ActorId: user.UserId));
        var delete = await silo.User(email).DeleteAccountAsync(new AccountDeletion(user.UserId, user.UserId));
        var harmless = await silo.User(email).UpdateAccountAsync(new AccountUpdate(Roles: ["admin", "support"], ActorId: user.UserId));

        Assert.Equal(AuthErrorCode.SelfLockout, disable.Error?.Code);
        Assert.Equal(AuthErrorCode.SelfLockout, demote.Error?.Code);
        Assert.Equal(AuthErrorCode.SelfLockout, delete.Error?.Code);
        Assert.Equal<string>(["user", "admin", "support"], harmless.Value!.Roles);
        Assert.False(harmless.Value!.Disabled);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task UpdateAccountAsync_BootstrapAdminRolesReplaced_KeepsUserAndAdmin(string provider)
    {
        var email = NewEmail();
        await using var silo = await UserSilo.StartAsync(databases, provider, settings: new Dictionary<string, string?> { ["Auth:AdminEmails:0"] = email });
        var user = await RegisterAsync(silo, email);

        var updated = await silo.User(email).UpdateAccountAsync(new AccountUpdate(Roles: []));

        Assert.Equal<string>(["user", "admin"], user.Roles);
        Assert.Equal<string>(["user", "admin"], updated.Value!.Roles);
        Assert.Equal<string>(["user", "admin"], (await Directory(silo).FindAsync(user.UserId, CancellationToken.None))!.Roles);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LoginAsync_EmailAddedToAdminEmailsAfterRegistration_GrantsAdminAndProjectionFollows(string provider)
    {
        var email = NewEmail();
        var time = new OrleansAuth.Hosting.Tests.Infrastructure.FakeTimeProvider();
        UserProfile user;
        await using (var before = await UserSilo.StartAsync(databases, provider, time))
        {
            user = await RegisterAsync(before, email);
        }

        await using var silo = await UserSilo.StartAsync(databases, provider, time, new Dictionary<string, string?> { ["Auth:AdminEmails:0"] = email });
        var grant = await LoginAsync(silo, email);

        Assert.Equal<string>(["user", "admin"], grant.Roles);
        Assert.Equal<string>(["user", "admin"], (await Directory(silo).FindAsync(user.UserId, CancellationToken.None))!.Roles);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task UpdateAccountAsync_InvalidRoles_ReturnsValidationErrorAndChangesNothing(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        await RegisterAsync(silo, email);
        ImmutableArray<string>[] invalid =
        [
            ["Admin"], [""], ["admin\n"], ["has space"], ["9lives"], [new string('a', 65)],
            [.. Enumerable.Range(0, UserGrain.MaxRoles + 1).Select(i => $"role{i}")],
        ];

        foreach (var roles in invalid)
        {
            var result = await silo.User(email).UpdateAccountAsync(new AccountUpdate(Roles: roles));
            Assert.Equal(AuthErrorCode.ValidationError, result.Error?.Code);
            Assert.Equal("roles", Assert.Single(result.Error!.FieldErrors!.Value).Field);
        }

        Assert.Equal([UserEventTypes.Registered], Types(await silo.EventsOfAsync(email)));
        Assert.True((await silo.User(email).UpdateAccountAsync(new AccountUpdate(Roles: [new string('a', 64), "x.y:z-1_2"]))).Succeeded);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task UpdateAccountAsync_ParallelChanges_GrainAndProjectionEndEqual(string provider)
    {
        await using var silo = await UserSilo.StartAsync(databases, provider);
        var email = NewEmail();
        var user = await RegisterAsync(silo, email);

        var results = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => silo.User(email).UpdateAccountAsync(
            new AccountUpdate(Disabled: i % 3 == 0, Roles: [$"role{i}"], UserId: user.UserId, ActorId: Admin))));

        Assert.All(results, result => Assert.True(result.Succeeded));
        var grain = (await silo.User(email).UpdateAccountAsync(new AccountUpdate(UserId: user.UserId))).Value!;
        var row = await Directory(silo).FindAsync(user.UserId, CancellationToken.None);
        Assert.Equal<string>(grain.Roles, row!.Roles);
        Assert.Equal(grain.Disabled, row.Disabled);
        Assert.Contains(results, result => result.Value!.Roles.SequenceEqual(grain.Roles) && result.Value.Disabled == grain.Disabled);
    }

    private static UserDirectory Directory(UserSilo silo) => new(silo.Services.GetRequiredService<IAuthDatabase>(), "dev");
}
