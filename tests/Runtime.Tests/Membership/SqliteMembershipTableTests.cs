using Microsoft.Extensions.Logging.Abstractions;
using OrleansAuth.Runtime.Storage.Database;
using OrleansAuth.Runtime.Storage.Sqlite;
using OrleansAuth.Runtime.Tests.Storage;

namespace OrleansAuth.Runtime.Tests.Membership;

public sealed class SqliteMembershipTableTests(SqliteDatabaseFixture fixture) : MembershipTableTests<SqliteDatabaseFixture>(fixture)
{
    internal override IAuthDatabase CreateDatabaseCore(string connectionString) =>
        new SqliteAuthDatabase(connectionString, NullLogger<SqliteAuthDatabase>.Instance);
}
