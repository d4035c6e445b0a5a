using Microsoft.Extensions.Logging;
using OrleansAuth.Runtime.Storage.Postgres;
using OrleansAuth.Runtime.Storage.Sqlite;

namespace OrleansAuth.Runtime.Storage.Database;

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
