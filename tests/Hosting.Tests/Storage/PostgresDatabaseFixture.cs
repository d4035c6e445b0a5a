using Npgsql;

namespace OrleansAuth.Hosting.Tests.Storage;

/// <summary>
/// A fresh PostgreSQL database (oa_test_&lt;random&gt;) on the throwaway server named by
/// <c>ORLEANSAUTH_TEST_POSTGRES</c>, dropped when the fixture is disposed. Without the variable every test using the
/// fixture fails: a PostgreSQL test that silently passes or skips would hide the cluster store being untested.
/// </summary>
public sealed class PostgresDatabaseFixture : IDatabaseFixture, IAsyncLifetime
{
    public const string EnvironmentVariable = "ORLEANSAUTH_TEST_POSTGRES";

    private readonly List<string> _databases = [];
    private string? _serverConnectionString;
    private string? _connectionString;

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync()
    {
        _serverConnectionString = ServerConnectionString(Environment.GetEnvironmentVariable(EnvironmentVariable));
        _connectionString = await CreateDatabaseAsync();
    }

    public async Task<string> CreateDatabaseAsync()
    {
        var server = _serverConnectionString ?? throw new InvalidOperationException("The fixture is not initialized.");
        var name = $"oa_test_{Guid.NewGuid():N}";
        await ExecuteOnServerAsync(server, $"CREATE DATABASE \"{name}\"");
        lock (_databases)
        {
            _databases.Add(name);
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_serverConnectionString is null)
        {
            return;
        }

        // Pools of data sources the tests forgot to dispose would otherwise hold connections to dropped databases.
        NpgsqlConnection.ClearAllPools();
        foreach (var name in _databases)
        {
            await ExecuteOnServerAsync(_serverConnectionString, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    /// <summary>The server connection string from the environment variable's value, or a failure saying how to get one.</summary>
    public static string ServerConnectionString(string? variableValue) =>
        string.IsNullOrWhiteSpace(variableValue)
            ? throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set, so the PostgreSQL tests cannot run. Run the tests with scripts/test.sh, "
                + "which starts a throwaway PostgreSQL server and sets it, or set it yourself, e.g. "
                + $"{EnvironmentVariable}=\"Host=127.0.0.1;Port=54329;Username=postgres;Database=postgres\".")
            : variableValue;

    private static async Task ExecuteOnServerAsync(string serverConnectionString, string sql)
    {
        // Unpooled: a pooled idle connection to the maintenance database is harmless, but one less thing to clean up.
        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
