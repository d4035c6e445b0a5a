using System.Data.Common;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansAuth.Hosting.Storage;
using OrleansAuth.Hosting.Storage.Database;
using OrleansAuth.Hosting.Storage.Migrations;

using Orleans.Storage;

namespace OrleansAuth.Hosting.Tests.Storage;

/// <summary>
/// The <see cref="IGrainStateStore"/> contract and the schema migrator, run against every database. Each test uses its
/// own grain keys, so tests share the fixture's database; tests that need an empty schema create their own.
/// </summary>
public abstract partial class GrainStorageTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : class, IDatabaseFixture
{
    private const string StateName = "state";

    private readonly List<IAsyncDisposable> _databases = [];

    protected TFixture Fixture { get; } = fixture;

    public static TheoryData<string> UnusualKeys => new()
    {
        "ÄÖÜ-straße@bücher.de",
        "用户@例子.广告",
        "🔑🧪@emoji.test",
        "עברית@example.com",
        "e\u0301 combining",
        "'; DROP TABLE grain_state; --",
        "%_*?\\ wildcards",
        " spaced \t key \n",
        "\u200B\uFEFF invisible",
    };

    public Task InitializeAsync() => MigrateAsync(Fixture.ConnectionString);

    public async Task DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task ReadAsync_NoRecord_ReturnsNull()
    {
        var storage = CreateStorage();

        Assert.Null(await storage.ReadAsync(NewGrainId(), StateName, CancellationToken.None));
    }

    [Fact]
    public async Task WriteAsync_NewRecord_RoundTripsPayloadAtVersionOne()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();

        var version = await storage.WriteAsync(grainId, StateName, Payload("first"), 0, CancellationToken.None);

        Assert.Equal(1, version);
        await AssertStoredAsync(storage, grainId, "first", 1);
    }

    [Fact]
    public async Task WriteAsync_SequentialWrites_BumpVersionEachTime()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();

        var versions = new List<long>();
        long version = 0;
        for (var i = 0; i < 5; i++)
        {
            version = await storage.WriteAsync(grainId, StateName, Payload($"write {i}"), version, CancellationToken.None);
            versions.Add(version);
        }

        Assert.Equal([1, 2, 3, 4, 5], versions);
        await AssertStoredAsync(storage, grainId, "write 4", 5);
    }

    [Fact]
    public async Task WriteAsync_StaleVersion_ThrowsWithExpectedAndStoredVersion()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();
        await storage.WriteAsync(grainId, StateName, Payload("v1"), 0, CancellationToken.None);
        await storage.WriteAsync(grainId, StateName, Payload("v2"), 1, CancellationToken.None);

        var exception = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteAsync(grainId, StateName, Payload("stale"), 1, CancellationToken.None));

        Assert.Equal("1", exception.CurrentEtag);
        Assert.Equal("2", exception.StoredEtag);
        await AssertStoredAsync(storage, grainId, "v2", 2);
    }

    [Fact]
    public async Task WriteAsync_InsertOverExistingRecord_ThrowsWithStoredVersion()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();
        await storage.WriteAsync(grainId, StateName, Payload("v1"), 0, CancellationToken.None);

        var exception = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteAsync(grainId, StateName, Payload("second insert"), 0, CancellationToken.None));

        Assert.Equal("0", exception.CurrentEtag);
        Assert.Equal("1", exception.StoredEtag);
    }

    [Fact]
    public async Task WriteAsync_VersionOfMissingRecord_ThrowsWithNullStoredVersion()
    {
        var storage = CreateStorage();

        var exception = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteAsync(NewGrainId(), StateName, Payload("ghost"), 3, CancellationToken.None));

        Assert.Equal("3", exception.CurrentEtag);
        Assert.Equal("none", exception.StoredEtag);
    }

    [Fact]
    public async Task WriteAsync_ConcurrentWritersWithSameVersion_ExactlyOneWinsPerRound()
    {
        const int rounds = 25;
        const int writers = 4;

        // Two databases, as two silos holding a duplicate activation during a membership change would.
        var storages = new[] { CreateStorage(), CreateStorage(CreateDatabase(Fixture.ConnectionString)) };
        var grainId = NewGrainId();
        long version = 0;
        for (var round = 0; round < rounds; round++)
        {
            var expected = version;
            var attempts = Enumerable.Range(0, writers)
                .Select(writer => Task.Run(() => TryWriteAsync(storages[writer % storages.Length], grainId, $"round {round} writer {writer}", expected)));
            var results = await Task.WhenAll(attempts);

            var winner = Assert.Single(results, result => result.Version is not null);
            Assert.Equal(expected + 1, winner.Version);
            Assert.All(results.Where(result => result.Version is null), loser => Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), loser.Conflict!.CurrentEtag));
            await AssertStoredAsync(storages[0], grainId, winner.Payload, expected + 1);
            version = expected + 1;
        }
    }

    [Fact]
    public async Task ClearAsync_ExistingRecord_LeavesTombstoneWithNextVersion()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();
        await storage.WriteAsync(grainId, StateName, Payload("v1"), 0, CancellationToken.None);

        var version = await storage.ClearAsync(grainId, StateName, 1, CancellationToken.None);

        Assert.Equal(2, version);
        Assert.Equal(new GrainStateRecord(null, 2), await storage.ReadAsync(grainId, StateName, CancellationToken.None));
    }

    [Fact]
    public async Task WriteAsync_PreClearVersionAfterClear_ThrowsAndKeepsTombstone()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();
        await storage.WriteAsync(grainId, StateName, Payload("v1"), 0, CancellationToken.None);
        await storage.ClearAsync(grainId, StateName, 1, CancellationToken.None);

        var exception = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteAsync(grainId, StateName, Payload("resurrected"), 1, CancellationToken.None));
        var insert = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteAsync(grainId, StateName, Payload("reinserted"), 0, CancellationToken.None));

        Assert.Equal("2", exception.StoredEtag);
        Assert.Equal("2", insert.StoredEtag);
        Assert.Equal(new GrainStateRecord(null, 2), await storage.ReadAsync(grainId, StateName, CancellationToken.None));
    }

    [Fact]
    public async Task WriteAsync_TombstoneVersion_Succeeds()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();
        await storage.WriteAsync(grainId, StateName, Payload("v1"), 0, CancellationToken.None);
        var tombstone = await storage.ClearAsync(grainId, StateName, 1, CancellationToken.None);

        var version = await storage.WriteAsync(grainId, StateName, Payload("reborn"), tombstone, CancellationToken.None);

        Assert.Equal(3, version);
        await AssertStoredAsync(storage, grainId, "reborn", 3);
    }

    [Fact]
    public async Task ClearAsync_NoRecordAndVersionZero_ReturnsZeroWithoutWriting()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();

        var version = await storage.ClearAsync(grainId, StateName, 0, CancellationToken.None);

        Assert.Equal(0, version);
        Assert.Null(await storage.ReadAsync(grainId, StateName, CancellationToken.None));
    }

    [Fact]
    public async Task ClearAsync_StaleVersion_ThrowsAndKeepsState()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();
        await storage.WriteAsync(grainId, StateName, Payload("v1"), 0, CancellationToken.None);
        await storage.WriteAsync(grainId, StateName, Payload("v2"), 1, CancellationToken.None);

        var stale = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.ClearAsync(grainId, StateName, 1, CancellationToken.None));
        var unaware = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.ClearAsync(grainId, StateName, 0, CancellationToken.None));

        Assert.Equal(("1", "2"), (stale.CurrentEtag, stale.StoredEtag));
        Assert.Equal(("0", "2"), (unaware.CurrentEtag, unaware.StoredEtag));
        await AssertStoredAsync(storage, grainId, "v2", 2);
    }

    [Fact]
    public async Task WriteAsync_SameGrainInTwoClusters_IsIndependent()
    {
        var database = CreateDatabase(Fixture.ConnectionString);
        var blue = CreateStorage(database, "blue");
        var green = CreateStorage(database, "green");
        var grainId = NewGrainId();

        await blue.WriteAsync(grainId, StateName, Payload("blue 1"), 0, CancellationToken.None);
        await blue.WriteAsync(grainId, StateName, Payload("blue 2"), 1, CancellationToken.None);
        var greenVersion = await green.WriteAsync(grainId, StateName, Payload("green 1"), 0, CancellationToken.None);
        await green.ClearAsync(grainId, StateName, greenVersion, CancellationToken.None);

        await AssertStoredAsync(blue, grainId, "blue 2", 2);
        Assert.Equal(new GrainStateRecord(null, 2), await green.ReadAsync(grainId, StateName, CancellationToken.None));
        Assert.Null(await CreateStorage(database, "red").ReadAsync(grainId, StateName, CancellationToken.None));
    }

    [Fact]
    public async Task WriteAsync_OtherStateNameOrGrainType_IsIndependent()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();
        var otherType = grainId with { Type = "other" };

        await storage.WriteAsync(grainId, StateName, Payload("main"), 0, CancellationToken.None);
        await storage.WriteAsync(grainId, "sessions", Payload("sessions"), 0, CancellationToken.None);
        await storage.WriteAsync(otherType, StateName, Payload("other"), 0, CancellationToken.None);

        await AssertStoredAsync(storage, grainId, "main", 1);
        await AssertStoredAsync(storage, grainId, "sessions", 1, "sessions");
        await AssertStoredAsync(storage, otherType, "other", 1);
    }

    [Fact]
    public async Task ReadAsync_AfterProviderRestart_ReturnsPersistedState()
    {
        var grainId = NewGrainId();
        var first = CreateDatabase(Fixture.ConnectionString);
        var version = await CreateStorage(first).WriteAsync(grainId, StateName, Payload("durable"), 0, CancellationToken.None);
        var tombstoneGrain = NewGrainId();
        var tombstone = await CreateStorage(first).WriteAsync(tombstoneGrain, StateName, Payload("gone"), 0, CancellationToken.None);
        await CreateStorage(first).ClearAsync(tombstoneGrain, StateName, tombstone, CancellationToken.None);
        await ((IAsyncDisposable)first).DisposeAsync();

        var restarted = CreateDatabase(Fixture.ConnectionString);
        await CreateMigrator(restarted).MigrateAsync(CancellationToken.None);
        var storage = CreateStorage(restarted);

        await AssertStoredAsync(storage, grainId, "durable", version);
        Assert.Equal(new GrainStateRecord(null, 2), await storage.ReadAsync(tombstoneGrain, StateName, CancellationToken.None));
        Assert.Equal(version + 1, await storage.WriteAsync(grainId, StateName, Payload("after restart"), version, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(UnusualKeys))]
    public async Task WriteAsync_UnusualUnicodeKey_RoundTrips(string key)
    {
        var storage = CreateStorage();
        var grainId = new GrainRowKey("user", $"{key}#{Guid.NewGuid():N}");

        await storage.WriteAsync(grainId, StateName, Payload(key), 0, CancellationToken.None);

        await AssertStoredAsync(storage, grainId, key, 1);
    }

    [Fact]
    public async Task WriteAsync_CanonicallyEquivalentKeys_AreDistinctGrains()
    {
        // Keys are compared as code points: normalizing emails is the caller's job, storage must not merge them.
        var storage = CreateStorage();
        var suffix = Guid.NewGuid().ToString("N");
        var composed = new GrainRowKey("user", $"caf\u00E9@{suffix}");
        var decomposed = new GrainRowKey("user", $"cafe\u0301@{suffix}");

        await storage.WriteAsync(composed, StateName, Payload("composed"), 0, CancellationToken.None);
        await storage.WriteAsync(decomposed, StateName, Payload("decomposed"), 0, CancellationToken.None);

        await AssertStoredAsync(storage, composed, "composed", 1);
        await AssertStoredAsync(storage, decomposed, "decomposed", 1);
    }

    [Theory]
    [InlineData("x", GrainStorageKeys.MaxKeyBytes)]
    [InlineData("🔑", GrainStorageKeys.MaxKeyBytes / 4)]
    public async Task WriteAsync_KeyAtMaximumLength_RoundTrips(string unit, int count)
    {
        var storage = CreateStorage();
        var key = string.Concat(Enumerable.Repeat(unit, count));
        var grainId = new GrainRowKey($"long-{Guid.NewGuid():N}", key);
        var payload = Encoding.UTF8.GetBytes(new string('p', 100_000));

        await storage.WriteAsync(grainId, StateName, payload, 0, CancellationToken.None);

        var record = await storage.ReadAsync(grainId, StateName, CancellationToken.None);
        Assert.Equal(payload, record?.Payload);
    }

    [Theory]
    [InlineData("too long")]
    [InlineData("nul")]
    [InlineData("lone surrogate")]
    public async Task WriteAsync_UnstorableKey_ThrowsArgumentException(string problem)
    {
        var storage = CreateStorage();
        var key = problem switch
        {
            "too long" => new string('x', GrainStorageKeys.MaxKeyBytes + 1),
            "nul" => "a\0b",
            _ => "a\uD800b",
        };

        await Assert.ThrowsAsync<ArgumentException>(
            () => storage.WriteAsync(new GrainRowKey("user", key), StateName, Payload("x"), 0, CancellationToken.None));
    }

    [Fact]
    public async Task Operations_CancelledToken_ThrowOperationCanceledWithoutWriting()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => storage.WriteAsync(grainId, StateName, Payload("no"), 0, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => storage.ReadAsync(grainId, StateName, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => storage.ClearAsync(grainId, StateName, 0, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CreateMigrator(CreateDatabase(Fixture.ConnectionString)).MigrateAsync(cancelled.Token));
        Assert.Null(await storage.ReadAsync(grainId, StateName, CancellationToken.None));
    }

    [Fact]
    public async Task PingAsync_ReachableDatabase_ReturnsTrue()
    {
        Assert.True(await CreateDatabase(Fixture.ConnectionString).PingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task MigrateAsync_RunTwice_RecordsEachScriptOnce()
    {
        var connectionString = await Fixture.CreateDatabaseAsync();
        var database = CreateDatabase(connectionString);

        await CreateMigrator(database).MigrateAsync(CancellationToken.None);
        await CreateMigrator(database).MigrateAsync(CancellationToken.None);

        Assert.Equal(Scripts(database).Select(script => script.Version), await RecordedVersionsAsync(database));
    }

    [Fact]
    public async Task MigrateAsync_ConcurrentInstances_ApplyEachScriptOnce()
    {
        var connectionString = await Fixture.CreateDatabaseAsync();

        var check = CreateDatabase(connectionString);
        var scripts = Scripts(check);

        // Separate databases (pools) stand for separate processes starting at once: first against an empty database,
        // then with a new script against an existing schema, where each migrator reads before it writes.
        await StartConcurrentlyAsync(connectionString, scripts);
        Assert.Equal(scripts.Select(script => script.Version), await RecordedVersionsAsync(check));
        var added = new MigrationScript(9003, "counted", "CREATE TABLE counted (id INTEGER); INSERT INTO counted (id) VALUES (1);");
        await StartConcurrentlyAsync(connectionString, [.. scripts, added]);

        Assert.Equal(scripts.Select(script => script.Version).Append(9003), await RecordedVersionsAsync(check));
        Assert.Equal(1L, Convert.ToInt64(await ScalarAsync(check, "SELECT count(*) FROM counted"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(await CreateStorage(check).ReadAsync(NewGrainId(), StateName, CancellationToken.None));
    }

    [Fact]
    public async Task MigrateAsync_DatabaseNewerThanBuild_FailsWithClearMessage()
    {
        var database = CreateDatabase(await Fixture.CreateDatabaseAsync());
        await CreateMigrator(database).MigrateAsync(CancellationToken.None);
        await ExecuteAsync(database, "INSERT INTO schema_migrations (version, name) VALUES (9999, 'from_the_future')");

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => CreateMigrator(database).MigrateAsync(CancellationToken.None));

        Assert.Contains("version 9999, newer than this build knows", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateAsync_AddedScript_AppliedWithoutCodeChanges()
    {
        var database = CreateDatabase(await Fixture.CreateDatabaseAsync());
        await CreateMigrator(database).MigrateAsync(CancellationToken.None);
        var added = new MigrationScript(9001, "added_later", "CREATE TABLE added_later (id INTEGER PRIMARY KEY); INSERT INTO added_later (id) VALUES (7);");

        await CreateMigrator(database, [.. Scripts(database), added]).MigrateAsync(CancellationToken.None);

        Assert.Contains(9001L, await RecordedVersionsAsync(database));
        Assert.Equal(7L, Convert.ToInt64(await ScalarAsync(database, "SELECT id FROM added_later"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task MigrateAsync_FailingScript_RollsBackScriptAndRecord()
    {
        var database = CreateDatabase(await Fixture.CreateDatabaseAsync());
        var broken = new MigrationScript(9002, "broken", "CREATE TABLE half_done (id INTEGER); SELECT * FROM no_such_table;");

        await Assert.ThrowsAnyAsync<DbException>(() => CreateMigrator(database, [.. Scripts(database), broken]).MigrateAsync(CancellationToken.None));

        Assert.DoesNotContain(9002L, await RecordedVersionsAsync(database));
        Assert.Contains(1L, await RecordedVersionsAsync(database));
        await Assert.ThrowsAnyAsync<DbException>(() => ScalarAsync(database, "SELECT count(*) FROM half_done"));
    }

    internal abstract IAuthDatabase CreateDatabaseCore(string connectionString);

    internal abstract IGrainStateStore CreateStorage(IAuthDatabase database, string clusterId);

    internal IAuthDatabase CreateDatabase(string connectionString)
    {
        var database = CreateDatabaseCore(connectionString);
        _databases.Add((IAsyncDisposable)database);
        return database;
    }

    internal IGrainStateStore CreateStorage(IAuthDatabase? database = null) =>
        CreateStorage(database ?? CreateDatabase(Fixture.ConnectionString), "test");

    internal static SchemaMigrator CreateMigrator(IAuthDatabase database, IReadOnlyList<MigrationScript>? scripts = null) =>
        new(database, scripts ?? Scripts(database), NullLogger<SchemaMigrator>.Instance);

    internal static IReadOnlyList<MigrationScript> Scripts(IAuthDatabase database) => MigrationScriptCatalog.Load(database.Dialect);

    internal static GrainRowKey NewGrainId() => new("user", $"{Guid.NewGuid():N}@example.com");

    internal static async Task<object?> ScalarAsync(IAuthDatabase database, string sql)
    {
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    internal static async Task ExecuteAsync(IAuthDatabase database, string sql)
    {
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task StartConcurrentlyAsync(string connectionString, IReadOnlyList<MigrationScript> scripts)
    {
        var databases = Enumerable.Range(0, 6).Select(_ => CreateDatabase(connectionString)).ToList();
        await Task.WhenAll(databases.Select(database => Task.Run(() => CreateMigrator(database, scripts).MigrateAsync(CancellationToken.None))));
    }

    private async Task MigrateAsync(string connectionString) =>
        await CreateMigrator(CreateDatabase(connectionString)).MigrateAsync(CancellationToken.None);

    private static async Task<List<long>> RecordedVersionsAsync(IAuthDatabase database)
    {
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_migrations ORDER BY version";
        await using var reader = await command.ExecuteReaderAsync();
        var versions = new List<long>();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt64(0));
        }

        return versions;
    }

    private static byte[] Payload(string text) => Encoding.UTF8.GetBytes($$"""{"text":"{{text}}"}""");

    private static async Task AssertStoredAsync(IGrainStateStore storage, GrainRowKey grainId, string text, long version, string stateName = StateName)
    {
        var record = await storage.ReadAsync(grainId, stateName, CancellationToken.None);
        Assert.NotNull(record);
        Assert.Equal(version, record.Version);
        Assert.Equal(Encoding.UTF8.GetString(Payload(text)), Encoding.UTF8.GetString(record.Payload!));
    }

    private static async Task<WriteAttempt> TryWriteAsync(IGrainStateStore storage, GrainRowKey grainId, string text, long expectedVersion)
    {
        try
        {
            return new WriteAttempt(text, await storage.WriteAsync(grainId, StateName, Payload(text), expectedVersion, CancellationToken.None), null);
        }
        catch (InconsistentStateException exception)
        {
            return new WriteAttempt(text, null, exception);
        }
    }

    private sealed record WriteAttempt(string Payload, long? Version, InconsistentStateException? Conflict);
}
