using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OrleansAuth.Hosting.Storage;
using OrleansAuth.Hosting.Storage.Database;
using OrleansAuth.Hosting.Storage.Postgres;

namespace OrleansAuth.Hosting.Tests.Storage;

public sealed class PostgresGrainStorageTests(PostgresDatabaseFixture fixture) : GrainStorageTests<PostgresDatabaseFixture>(fixture)
{
    [Fact]
    public async Task WriteAsync_CancelledWhileBlockedByRowLock_ThrowsOperationCanceled()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();
        await storage.WriteAsync(grainId, "state", Encoding.UTF8.GetBytes("{}"), 0, CancellationToken.None);

        // Another session holds the row, so the update waits until the token fires.
        await using var holder = new NpgsqlConnection(Fixture.ConnectionString);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM grain_state WHERE grain_key = $1 FOR UPDATE", holder, transaction))
        {
            lockRow.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Key });
            await lockRow.ExecuteNonQueryAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var stopwatch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => storage.WriteAsync(grainId, "state", Encoding.UTF8.GetBytes("{\"late\":true}"), 1, timeout.Token));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"Cancellation took {stopwatch.Elapsed}.");
        await transaction.RollbackAsync();
        Assert.Equal(1, (await storage.ReadAsync(grainId, "state", CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task PingAsync_UnreachableServer_ReturnsFalse()
    {
        var database = CreateDatabase("Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=2");

        Assert.False(await database.PingAsync(CancellationToken.None));
    }

    [Fact]
    public void ServerConnectionString_VariableMissing_FailsPointingToTestScript()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => PostgresDatabaseFixture.ServerConnectionString(null));

        Assert.Contains(PostgresDatabaseFixture.EnvironmentVariable, exception.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/test.sh", exception.Message, StringComparison.Ordinal);
    }

    internal override IAuthDatabase CreateDatabaseCore(string connectionString) =>
        new PostgresAuthDatabase(connectionString, new StorageOptions(), NullLoggerFactory.Instance);

    internal override IGrainStateStore CreateStorage(IAuthDatabase database, string clusterId) =>
        new PostgresGrainStorage((PostgresAuthDatabase)database, clusterId, NullLogger<PostgresGrainStorage>.Instance);
}
