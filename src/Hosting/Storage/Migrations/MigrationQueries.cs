using OrleansAuth.Hosting.Storage.Database;

namespace OrleansAuth.Hosting.Storage.Migrations;

/// <summary>The schema_migrations bookkeeping statements of one dialect.</summary>
internal sealed record MigrationQueries(string? AcquireLock, string CreateTable, string SelectVersions, string InsertVersion)
{
    // Any fixed key works as long as every process uses the same one; this one spells "OAMIGRAT".
    private const long PostgresLockKey = 0x4F41_4D49_4752_4154;

    public static MigrationQueries Sqlite { get; } = new(
        AcquireLock: null, // BEGIN IMMEDIATE already holds the database's single write lock.
        CreateTable: """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER PRIMARY KEY,
                name       TEXT NOT NULL,
                applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
            )
            """,
        SelectVersions: "SELECT version FROM schema_migrations",
        InsertVersion: "INSERT INTO schema_migrations (version, name) VALUES (@version, @name)");

    public static MigrationQueries Postgres { get; } = new(
        // Transaction-scoped, so a crashed migrator can never leave it held. Taken before CREATE TABLE IF NOT EXISTS,
        // which is not safe against a concurrent identical statement on its own.
        AcquireLock: $"SELECT pg_advisory_xact_lock({PostgresLockKey})",
        CreateTable: """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    bigint PRIMARY KEY,
                name       text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """,
        SelectVersions: "SELECT version FROM schema_migrations",
        InsertVersion: "INSERT INTO schema_migrations (version, name) VALUES (@version, @name)");

    public static MigrationQueries For(SqlDialect dialect) => dialect switch
    {
        SqlDialect.Sqlite => Sqlite,
        SqlDialect.PostgreSql => Postgres,
        _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, null),
    };
}
