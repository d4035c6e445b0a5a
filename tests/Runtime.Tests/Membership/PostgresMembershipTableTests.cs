using Microsoft.Extensions.Logging.Abstractions;
using OrleansAuth.Runtime.Storage;
using OrleansAuth.Runtime.Storage.Database;
using OrleansAuth.Runtime.Storage.Postgres;
using OrleansAuth.Runtime.Tests.Storage;

namespace OrleansAuth.Runtime.Tests.Membership;

public sealed class PostgresMembershipTableTests(PostgresDatabaseFixture fixture) : MembershipTableTests<PostgresDatabaseFixture>(fixture)
{
    internal override IAuthDatabase CreateDatabaseCore(string connectionString) =>
        new PostgresAuthDatabase(connectionString, new StorageOptions(), NullLoggerFactory.Instance);
}
