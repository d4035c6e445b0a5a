using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansAuth.Runtime.Storage;
using OrleansAuth.Runtime.Storage.Database;
using OrleansAuth.Runtime.Storage.Sqlite;
using OrleansAuth.Runtime.Tests.Storage;

namespace OrleansAuth.Runtime.Tests.Membership;

public sealed class SqliteMembershipProtocolTests(SqliteDatabaseFixture fixture) : MembershipProtocolTests<SqliteDatabaseFixture>(fixture)
{
    internal override IAuthDatabase CreateDatabaseCore(string connectionString) =>
        new SqliteAuthDatabase(connectionString, NullLogger<SqliteAuthDatabase>.Instance);

    protected override void UseStorage(IServiceCollection services, string connectionString) => services.UseSqliteGrainStorage(connectionString);
}
