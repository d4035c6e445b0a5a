namespace OrleansAuth.Hosting.Tests.Storage;

/// <summary>A throwaway database for a test class, plus further empty ones for tests that must start from nothing.</summary>
public interface IDatabaseFixture
{
    /// <summary>Connection string of an empty database created for this fixture.</summary>
    string ConnectionString { get; }

    /// <summary>Creates another empty database, removed with the fixture, and returns its connection string.</summary>
    Task<string> CreateDatabaseAsync();
}
