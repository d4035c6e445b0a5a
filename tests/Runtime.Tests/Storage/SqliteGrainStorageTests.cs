using Microsoft.Extensions.Logging.Abstractions;
using OrleansAuth.Runtime.Storage;
using OrleansAuth.Runtime.Storage.Database;
using OrleansAuth.Runtime.Storage.Sqlite;

namespace OrleansAuth.Runtime.Tests.Storage;

public sealed class SqliteGrainStorageTests(SqliteDatabaseFixture fixture) : GrainStorageTests<SqliteDatabaseFixture>(fixture)
{
    [Fact]
    public async Task OpenConnectionAsync_NewFile_UsesWalAndWaitsForLocks()
    {
        var database = CreateDatabase(await Fixture.CreateDatabaseAsync());

        Assert.Equal("wal", await ScalarAsync(database, "PRAGMA journal_mode"));
        Assert.True((long)(await ScalarAsync(database, "PRAGMA busy_timeout"))! >= 5000);
        Assert.Equal(1L, await ScalarAsync(database, "PRAGMA foreign_keys"));
    }

    [Fact]
    public async Task PingAsync_UnopenableFile_ReturnsFalse()
    {
        // A directory where the database file should be: SQLite cannot open it.
        var connectionString = await Fixture.CreateDatabaseAsync();
        var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
        Directory.CreateDirectory(path);

        Assert.False(await CreateDatabase(connectionString).PingAsync(CancellationToken.None));
    }

    internal override IAuthDatabase CreateDatabaseCore(string connectionString) =>
        new SqliteAuthDatabase(connectionString, NullLogger<SqliteAuthDatabase>.Instance);

    internal override IGrainStorage CreateStorage(IAuthDatabase database, string clusterId) =>
        new SqliteGrainStorage((SqliteAuthDatabase)database, clusterId, NullLogger<SqliteGrainStorage>.Instance);
}
