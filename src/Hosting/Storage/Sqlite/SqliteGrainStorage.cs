using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace OrleansAuth.Hosting.Storage.Sqlite;

/// <summary>Grain state in a SQLite file (the embedded, single-node default).</summary>
internal sealed class SqliteGrainStorage(SqliteAuthDatabase database, string clusterId, ILogger<SqliteGrainStorage> logger) : IGrainStateStore, IGrainEventStore
{
    private readonly string _clusterId = ValidClusterId(clusterId);

    public async Task<GrainStateRecord?> ReadAsync(GrainRowKey grainId, string stateName, CancellationToken cancellationToken)
    {
        GrainStorageKeys.Validate(grainId, stateName);
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = CreateCommand(connection, SqliteGrainStorageQueries.Read, grainId, stateName);
            await using (command.ConfigureAwait(false))
            {
                return await GrainStateRows.ReadRecordAsync(command, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task<long> WriteAsync(GrainRowKey grainId, string stateName, ReadOnlyMemory<byte> payload, long expectedVersion, CancellationToken cancellationToken) =>
        WriteOrClearAsync("write", grainId, stateName, AsArray(payload), expectedVersion, [], cancellationToken);

    public Task<long> WriteAsync(GrainRowKey grainId, string stateName, ReadOnlyMemory<byte> payload, long expectedVersion, IReadOnlyList<GrainEvent> events, CancellationToken cancellationToken) =>
        WriteOrClearAsync("write", grainId, stateName, AsArray(payload), expectedVersion, events, cancellationToken);

    public Task<long> ClearAsync(GrainRowKey grainId, string stateName, long expectedVersion, CancellationToken cancellationToken) =>
        WriteOrClearAsync("clear", grainId, stateName, payload: null, expectedVersion, [], cancellationToken);

    public async Task AppendEventsAsync(GrainRowKey grainId, string stateName, long expectedVersion, IReadOnlyList<GrainEvent> events, CancellationToken cancellationToken)
    {
        GrainStorageKeys.Validate(grainId, stateName);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        GrainEvents.Validate(events);

        // The write lock is held from the version check to the commit, so no write can slip in between.
        await InWriteTransactionAsync(
            async (connection, transaction) =>
            {
                var storedVersion = await ReadVersionAsync(connection, transaction, grainId, stateName, cancellationToken).ConfigureAwait(false);
                if ((storedVersion ?? 0) != expectedVersion)
                {
                    throw StaleWrite.Rejected(logger, "event record", grainId, stateName, expectedVersion, storedVersion);
                }

                await InsertEventsAsync(connection, transaction, grainId, expectedVersion, events, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return expectedVersion;
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredGrainEvent>> ReadAsync(long afterSequence, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = SqliteGrainEventQueries.ReadAfter;
                command.Parameters.AddWithValue("$cluster_id", _clusterId);
                command.Parameters.AddWithValue("$after", afterSequence);
                command.Parameters.AddWithValue("$limit", maxCount);
                return await GrainEvents.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<IReadOnlyList<StoredGrainEvent>> ReadGrainAsync(GrainRowKey grainId, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = SqliteGrainEventQueries.ReadGrain;
                command.Parameters.AddWithValue("$cluster_id", _clusterId);
                command.Parameters.AddWithValue("$grain_type", grainId.Type);
                command.Parameters.AddWithValue("$grain_key", grainId.Key);
                return await GrainEvents.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<long> WriteOrClearAsync(string operation, GrainRowKey grainId, string stateName, byte[]? payload, long expectedVersion, IReadOnlyList<GrainEvent> events, CancellationToken cancellationToken)
    {
        GrainStorageKeys.Validate(grainId, stateName);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        GrainEvents.Validate(events);

        // BEGIN IMMEDIATE takes the write lock before the version is checked. An autocommit UPDATE could instead hit
        // SQLITE_BUSY after applying its change; Microsoft.Data.Sqlite then re-runs the statement, which sees its own
        // new version, reports 0 rows, and the caller is told "conflict" for a write that commits.
        return await InWriteTransactionAsync(
            async (connection, transaction) =>
            {
                var newVersion = await TryWriteAsync(connection, transaction, grainId, stateName, payload, expectedVersion, cancellationToken).ConfigureAwait(false);
                if (newVersion is { } written)
                {
                    // Same transaction: the events commit exactly when the state does.
                    await InsertEventsAsync(connection, transaction, grainId, written, events, cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return written;
                }

                var storedVersion = await ReadVersionAsync(connection, transaction, grainId, stateName, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

                if (payload is null && expectedVersion == 0 && storedVersion is null)
                {
                    // Nothing stored and nothing expected: clearing is a no-op, not a tombstone with no history.
                    return 0;
                }

                throw StaleWrite.Rejected(logger, operation, grainId, stateName, expectedVersion, storedVersion);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="write"/> in a write transaction (BEGIN IMMEDIATE) on a fresh connection, after this process's
    /// writers have queued for their turn; <paramref name="write"/> commits, anything else rolls back.
    /// </summary>
    private async Task<long> InWriteTransactionAsync(Func<SqliteConnection, SqliteTransaction, Task<long>> write, CancellationToken cancellationToken)
    {
        using var turn = await database.EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = (SqliteTransaction)await database.BeginWriteTransactionAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                return await write(connection, transaction).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The new version, or null when the stored version is not <paramref name="expectedVersion"/>.</summary>
    private async Task<long?> TryWriteAsync(SqliteConnection connection, SqliteTransaction transaction, GrainRowKey grainId, string stateName, byte[]? payload, long expectedVersion, CancellationToken cancellationToken)
    {
        if (payload is null && expectedVersion == 0)
        {
            return null;
        }

        var command = CreateCommand(connection, expectedVersion == 0 ? SqliteGrainStorageQueries.Insert : SqliteGrainStorageQueries.Update, grainId, stateName);
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
            command.Parameters.Add("$payload", SqliteType.Blob).Value = (object?)payload ?? DBNull.Value;
            if (expectedVersion != 0)
            {
                command.Parameters.AddWithValue("$expected_version", expectedVersion);
            }

            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1 ? expectedVersion + 1 : null;
        }
    }

    private async Task InsertEventsAsync(SqliteConnection connection, SqliteTransaction transaction, GrainRowKey grainId, long stateVersion, IReadOnlyList<GrainEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
            command.CommandText = SqliteGrainEventQueries.Insert;
            command.Parameters.AddWithValue("$cluster_id", _clusterId);
            command.Parameters.AddWithValue("$grain_type", grainId.Type);
            command.Parameters.AddWithValue("$grain_key", grainId.Key);
            command.Parameters.AddWithValue("$state_version", stateVersion);
            var id = command.Parameters.Add("$event_id", SqliteType.Text);
            var type = command.Parameters.Add("$event_type", SqliteType.Text);
            var occurredAt = command.Parameters.Add("$occurred_at", SqliteType.Text);
            var data = command.Parameters.Add("$data", SqliteType.Text);
            foreach (var grainEvent in events)
            {
                id.Value = grainEvent.Id.ToString("D");
                type.Value = grainEvent.Type;
                occurredAt.Value = SqliteTimestamps.Format(grainEvent.OccurredAt);
                data.Value = grainEvent.Data;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<long?> ReadVersionAsync(SqliteConnection connection, SqliteTransaction transaction, GrainRowKey grainId, string stateName, CancellationToken cancellationToken)
    {
        var command = CreateCommand(connection, SqliteGrainStorageQueries.ReadVersion, grainId, stateName);
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : null;
        }
    }

    private SqliteCommand CreateCommand(SqliteConnection connection, string sql, GrainRowKey grainId, string stateName)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$cluster_id", _clusterId);
        command.Parameters.AddWithValue("$grain_type", grainId.Type);
        command.Parameters.AddWithValue("$grain_key", grainId.Key);
        command.Parameters.AddWithValue("$state_name", stateName);
        return command;
    }

    // SQLite binds arrays only; avoid the copy when the memory already is a whole array.
    private static byte[] AsArray(ReadOnlyMemory<byte> payload) =>
        MemoryMarshal.TryGetArray(payload, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : payload.ToArray();

    private static string ValidClusterId(string clusterId)
    {
        GrainStorageKeys.ValidateName(clusterId, "cluster id", nameof(clusterId));
        return clusterId;
    }
}
