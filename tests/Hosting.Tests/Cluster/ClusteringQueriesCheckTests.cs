using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OrleansAuth.Hosting.Cluster;
using OrleansAuth.Hosting.Storage;
using OrleansAuth.Hosting.Storage.Postgres;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Hosting.Tests.Cluster;

/// <summary>The pre-start check of the OrleansQuery rows, on real PostgreSQL databases migrated by the real scripts.</summary>
public sealed class ClusteringQueriesCheckTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task StartingAsync_MigratedDatabase_Passes()
    {
        await using var database = await MigratedDatabaseAsync();

        await new ClusteringQueriesCheck(database).StartingAsync(CancellationToken.None);

        Assert.Empty(await new ClusteringQueriesCheck(database).FindMissingKeysAsync(CancellationToken.None));
    }

    [Fact]
    public async Task StartingAsync_RowsDeleted_FailsInOneLineNamingEachMissingKeyAndTheScript()
    {
        await using var database = await MigratedDatabaseAsync();
        await using (var connection = new NpgsqlConnection(database.DataSource.ConnectionString))
        {
            await connection.OpenAsync();
            await using var delete = new NpgsqlCommand("DELETE FROM orleansquery WHERE querykey IN ('GatewaysQueryKey', 'UpdateIAmAlivetimeKey')", connection);
            Assert.Equal(2, await delete.ExecuteNonQueryAsync());
        }

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => new ClusteringQueriesCheck(database).StartingAsync(CancellationToken.None));

        Assert.Contains("UpdateIAmAlivetimeKey, GatewaysQueryKey", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("MembershipReadAllKey", failure.Message, StringComparison.Ordinal);
        Assert.Contains("0008_orleans_clustering.sql", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure.Message);
    }

    [Fact]
    public async Task FindMissingKeysAsync_DatabaseWithoutTheTable_ReportsEveryRequiredKey()
    {
        await using var database = new PostgresAuthDatabase(await fixture.CreateDatabaseAsync(), new StorageOptions(), NullLoggerFactory.Instance);

        Assert.Equal(ClusteringQueriesCheck.RequiredKeys, await new ClusteringQueriesCheck(database).FindMissingKeysAsync(CancellationToken.None));
    }

    private async Task<PostgresAuthDatabase> MigratedDatabaseAsync()
    {
        var database = new PostgresAuthDatabase(await fixture.CreateDatabaseAsync(), new StorageOptions(), NullLoggerFactory.Instance);
        await GrainStorageTests<PostgresDatabaseFixture>.CreateMigrator(database).MigrateAsync(CancellationToken.None);
        return database;
    }
}
