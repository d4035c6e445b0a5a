using System.Data.Common;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OrleansAuth.Hosting.Storage.Database;

namespace OrleansAuth.Hosting.Storage.Migrations;

/// <summary>
/// Brings the database schema up to the scripts this build carries. Safe to run from several processes at once:
/// every step runs in one transaction holding a database-wide lock, and applies at most one script together with
/// its schema_migrations record, so a script is applied exactly once or not at all.
/// </summary>
internal sealed class SchemaMigrator(IAuthDatabase database, IReadOnlyList<MigrationScript> scripts, ILogger<SchemaMigrator> logger)
{
    private readonly MigrationQueries _queries = MigrationQueries.For(database.Dialect);

    private readonly MigrationScript[] _scripts = [.. scripts.OrderBy(script => script.Version)];

    private readonly long _latestKnownVersion = scripts.Count == 0 ? 0 : scripts.Max(script => script.Version);

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            long schemaVersion;
            while (true)
            {
                var (applied, version) = await ApplyNextScriptAsync(connection, cancellationToken).ConfigureAwait(false);
                if (!applied)
                {
                    schemaVersion = version;
                    break;
                }
            }

            logger.SchemaUpToDate(database.Dialect, schemaVersion);
        }
    }

    /// <returns>Whether a script was applied, and the newest recorded version.</returns>
    private async Task<(bool Applied, long Version)> ApplyNextScriptAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await database.BeginWriteTransactionAsync(connection, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            if (_queries.AcquireLock is { } acquireLock)
            {
                await ExecuteAsync(transaction, acquireLock, cancellationToken).ConfigureAwait(false);
            }

            await ExecuteAsync(transaction, _queries.CreateTable, cancellationToken).ConfigureAwait(false);
            var recorded = await ReadVersionsAsync(transaction, cancellationToken).ConfigureAwait(false);
            var newest = recorded.Count == 0 ? 0 : recorded.Max();
            if (newest > _latestKnownVersion)
            {
                // An older build must not run against a schema it does not understand (e.g. after a rollback).
                throw new InvalidOperationException(
                    $"The {database.Dialect} database schema is at version {newest}, newer than this build knows "
                    + $"(latest script {_latestKnownVersion:D4}). Run a build that is at least as new as the database.");
            }

            var next = _scripts.FirstOrDefault(script => !recorded.Contains(script.Version));
            if (next is null)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return (false, newest);
            }

            var stopwatch = Stopwatch.StartNew();
            await ExecuteAsync(transaction, next.Sql, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(transaction, _queries.InsertVersion, cancellationToken, ("@version", next.Version), ("@name", next.Name)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            logger.SchemaScriptApplied(next.Version, next.Name, database.Dialect, stopwatch.ElapsedMilliseconds);
            return (true, Math.Max(newest, next.Version));
        }
    }

    private async Task<HashSet<long>> ReadVersionsAsync(DbTransaction transaction, CancellationToken cancellationToken)
    {
        var command = CreateCommand(transaction, _queries.SelectVersions);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var versions = new HashSet<long>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    versions.Add(reader.GetInt64(0));
                }

                return versions;
            }
        }
    }

    private static async Task ExecuteAsync(DbTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        var command = CreateCommand(transaction, sql);
        await using (command.ConfigureAwait(false))
        {
            foreach (var (name, value) in parameters)
            {
                command.AddParameter(name, value);
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static DbCommand CreateCommand(DbTransaction transaction, string sql)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
