using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Grains.Tests.Infrastructure;

/// <summary>One throwaway SQLite and one PostgreSQL database for a test class; tests pick one by provider name.</summary>
public sealed class DatabasesFixture : IAsyncLifetime
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    private readonly SqliteDatabaseFixture _sqlite = new();
    private readonly PostgresDatabaseFixture _postgres = new();

    /// <summary>Both providers, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> Providers => new() { Sqlite, Postgres };

    public string ConnectionString(string provider) => provider switch
    {
        Sqlite => _sqlite.ConnectionString,
        Postgres => _postgres.ConnectionString,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown provider."),
    };

    public Task InitializeAsync() => _postgres.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        _sqlite.Dispose();
    }
}
