using Microsoft.Extensions.Logging;
using OrleansAuth.Hosting.Storage.Postgres;
using OrleansAuth.Hosting.Storage.Sqlite;

namespace OrleansAuth.Hosting.Storage.Database;

internal static class AuthDatabaseFactory
{
    /// <summary>Creates the database for validated options.</summary>
    public static IAuthDatabase Create(StorageOptions options, ILoggerFactory loggerFactory) =>
        IsPostgres(options.Provider)
            ? new PostgresAuthDatabase(options.ConnectionString, options, loggerFactory)
            : new SqliteAuthDatabase(options.ConnectionString, loggerFactory.CreateLogger<SqliteAuthDatabase>());

    public static bool IsPostgres(string? provider) =>
        string.Equals(provider, StorageOptions.PostgresProvider, StringComparison.OrdinalIgnoreCase);

    public static bool IsSqlite(string? provider) =>
        string.Equals(provider, StorageOptions.SqliteProvider, StringComparison.OrdinalIgnoreCase);
}
