using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using OrleansAuth.Grains.Directory;
using OrleansAuth.Grains.Interfaces;
using OrleansAuth.Grains.Tests.Infrastructure;
using OrleansAuth.Hosting.Storage.Database;
using OrleansAuth.Hosting.Tests.Infrastructure;
using static OrleansAuth.Grains.Tests.Infrastructure.TestUsers;

namespace OrleansAuth.Grains.Tests.Users;

/// <summary>
/// sql/*/0006_users.sql on a database that already holds user events: the backfill must produce exactly the rows the
/// triggers produce. Its own class (and databases): the test removes the projection that other tests read.
/// </summary>
public sealed class UsersProjectionBackfillTests(DatabasesFixture databases) : IClassFixture<DatabasesFixture>
{
    public static TheoryData<string> Providers => DatabasesFixture.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Migration_EventsRecordedBeforeIt_BackfillsTheSameRowsAsTheTriggers(string provider)
    {
        var time = new FakeTimeProvider();
        var (verified, updated, reRegistered, deleted, replaced) = (NewEmail(), NewEmail(), NewEmail(), NewEmail(), Guid.Empty);
        List<UserSummary> expected;
        await using (var silo = await UserSilo.StartAsync(databases, provider, time))
        {
            await RegisterAsync(silo, verified);
            await silo.User(verified).VerifyEmailAsync(EventData(await silo.EventsOfAsync(verified), UserEventTypes.Registered, "verification_token"));
            time.Advance(TimeSpan.FromSeconds(1));
            await RegisterAsync(silo, updated);
            await silo.User(updated).UpdateAccountAsync(new AccountUpdate(Disabled: true, Roles: ["support"]));
            time.Advance(TimeSpan.FromSeconds(1));
            replaced = (await RegisterAsync(silo, reRegistered)).UserId;
            Assert.True((await silo.User(reRegistered).DeleteAccountAsync(new AccountDeletion(replaced))).Succeeded);
            time.Advance(TimeSpan.FromSeconds(1));
            await RegisterAsync(silo, reRegistered);
            var gone = await RegisterAsync(silo, deleted);
            Assert.True((await silo.User(deleted).DeleteAccountAsync(new AccountDeletion(gone.UserId))).Succeeded);

            expected = await AllAsync(silo);
            Assert.Equal(3, expected.Count);
            await RemoveProjectionAsync(silo.Services.GetRequiredService<IAuthDatabase>());
        }

        // The next start applies 0006 again, now over the recorded history.
        await using var restarted = await UserSilo.StartAsync(databases, provider, time);
        var backfilled = await AllAsync(restarted);

        Assert.Equal(expected.Select(Comparable), backfilled.Select(Comparable));
        Assert.DoesNotContain(backfilled, user => user.UserId == replaced);
        Assert.Equal(["user", "support"], backfilled.Single(user => user.Email == updated).Roles.ToArray());
        Assert.True(backfilled.Single(user => user.Email == updated).Disabled);
        Assert.True(backfilled.Single(user => user.Email == verified).EmailVerified);
    }

    private static async Task<List<UserSummary>> AllAsync(UserSilo silo)
    {
        var directory = new UserDirectory(silo.Services.GetRequiredService<IAuthDatabase>(), "dev");
        return [.. (await directory.ListAsync(1, 100, CancellationToken.None)).Items];
    }

    private static string Comparable(UserSummary user)
        => $"{user.UserId} {user.Email} {user.EmailVerified} {user.Disabled} {string.Join(',', user.Roles)} {user.CreatedAt:O} {user.UpdatedAt:O}";

    private static async Task RemoveProjectionAsync(IAuthDatabase database)
    {
        var sql = database.Dialect == SqlDialect.Sqlite
            ? """
              DROP TRIGGER tr_users_registered; DROP TRIGGER tr_users_email_verified; DROP TRIGGER tr_users_updated;
              DROP TRIGGER tr_users_deleted; DROP TABLE users; DELETE FROM schema_migrations WHERE version = 6;
              """
            : """
              DROP TRIGGER tr_grain_events_users ON grain_events; DROP FUNCTION users_project_event();
              DROP FUNCTION users_apply_event(grain_events); DROP TABLE users; DELETE FROM schema_migrations WHERE version = 6;
              """;
        var connection = await database.OpenConnectionAsync(CancellationToken.None);
        await using (connection)
        {
            await using DbCommand command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }
}
