using Microsoft.Extensions.Logging.Abstractions;
using OrleansAuth.Hosting.Storage;
using OrleansAuth.Hosting.Storage.Database;
using OrleansAuth.Hosting.Storage.Sqlite;

namespace OrleansAuth.Hosting.Tests.Storage;

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

    [Fact]
    public async Task EnterWriteAsync_TurnHeld_NextWriterWaitsUntilItIsReleased()
    {
        var database = (SqliteAuthDatabase)CreateDatabase(await Fixture.CreateDatabaseAsync());
        var first = await database.EnterWriteAsync(CancellationToken.None);

        var second = database.EnterWriteAsync(CancellationToken.None).AsTask();
        Assert.False(second.IsCompleted);

        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
    }

    [Fact]
    public async Task WriteAsync_AnotherWriterOfTheProcessHoldsTheTurn_WaitsThenCommits()
    {
        var database = (SqliteAuthDatabase)CreateDatabase(Fixture.ConnectionString);
        var storage = CreateStorage(database);
        var grainId = NewGrainId();
        var turn = await database.EnterWriteAsync(CancellationToken.None);

        var write = storage.WriteAsync(grainId, "state", "{}"u8.ToArray(), 0, CancellationToken.None);
        await Task.WhenAny(write, Task.Delay(TimeSpan.FromMilliseconds(200)));
        Assert.False(write.IsCompleted);

        turn.Dispose();
        Assert.Equal(1, await write.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task WriteAsync_ManyGrainsAtOnce_EveryWriteCommits()
    {
        var storage = CreateStorage();
        var grainIds = Enumerable.Range(0, 32).Select(_ => NewGrainId()).ToArray();

        var versions = await Task.WhenAll(grainIds.Select(grainId =>
            Task.Run(() => storage.WriteAsync(grainId, "state", "{}"u8.ToArray(), 0, CancellationToken.None))));

        Assert.All(versions, version => Assert.Equal(1, version));
        foreach (var grainId in grainIds)
        {
            Assert.Equal(1, (await storage.ReadAsync(grainId, "state", CancellationToken.None))!.Version);
        }
    }

    internal override IAuthDatabase CreateDatabaseCore(string connectionString) =>
        new SqliteAuthDatabase(connectionString, NullLogger<SqliteAuthDatabase>.Instance);

    internal override IGrainStateStore CreateStorage(IAuthDatabase database, string clusterId) =>
        new SqliteGrainStorage((SqliteAuthDatabase)database, clusterId, NullLogger<SqliteGrainStorage>.Instance);
}
