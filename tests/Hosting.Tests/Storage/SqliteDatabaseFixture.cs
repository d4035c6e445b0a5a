using Microsoft.Data.Sqlite;

namespace OrleansAuth.Hosting.Tests.Storage;

/// <summary>SQLite files in a temporary directory that is deleted with the fixture.</summary>
public sealed class SqliteDatabaseFixture : IDatabaseFixture, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"oa-sqlite-{Guid.NewGuid():N}");

    public SqliteDatabaseFixture()
    {
        // The nested directory does not exist yet: the provider must create it, as it does for data/ by default.
        ConnectionString = NewConnectionString();
    }

    public string ConnectionString { get; }

    public Task<string> CreateDatabaseAsync() => Task.FromResult(NewConnectionString());

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private string NewConnectionString() =>
        new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory, "data", $"{Guid.NewGuid():N}.db") }.ToString();
}
