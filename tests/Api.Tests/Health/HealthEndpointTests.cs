using System.Net;
using System.Text.Json;
using Npgsql;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Health;

public sealed class HealthEndpointTests(SqliteDatabaseFixture sqlite, PostgresDatabaseFixture postgres)
    : IClassFixture<SqliteDatabaseFixture>, IClassFixture<PostgresDatabaseFixture>
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/health/ready")]
    public async Task GetHealth_EmbeddedSqlite_ReportsHealthyDatabaseAndCluster(string path)
    {
        await using var host = ApiHost.Sqlite(await sqlite.CreateDatabaseAsync());
        using var client = host.CreateRealClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal("healthy", root.GetProperty("status").GetString());
        Assert.Equal("orleans-auth", root.GetProperty("service").GetString());
        Assert.Matches(@"^\d+\.\d+\.\d+", root.GetProperty("version").GetString());
        Assert.Equal("healthy", root.GetProperty("database").GetString());
        Assert.Equal("healthy", root.GetProperty("cluster").GetString());
        Assert.True(root.GetProperty("timestamp").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task GetHealth_Postgres_ReportsHealthyDatabase()
    {
        await using var host = ApiHost.Postgres(await postgres.CreateDatabaseAsync());
        using var client = host.CreateRealClient();

        using var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("healthy", body.RootElement.GetProperty("database").GetString());
    }

    [Fact]
    public async Task GetReady_DatabaseGone_Returns503AndNamesTheDatabase()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var host = ApiHost.Postgres(connectionString);
        using var client = host.CreateRealClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        await DropDatabaseAsync(connectionString);
        using var response = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("unhealthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("unhealthy", body.RootElement.GetProperty("database").GetString());
        Assert.Equal("healthy", body.RootElement.GetProperty("cluster").GetString());

        // Liveness does not depend on the database: restarting the process would not bring it back.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    private static async Task DropDatabaseAsync(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var server = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE \"{target.Database}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
