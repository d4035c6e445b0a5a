using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace OrleansAuth.Hosting.Storage.Postgres;

/// <summary>Grain state in PostgreSQL (the cluster store). Each operation is one statement on a pooled connection.</summary>
internal sealed class PostgresGrainStorage(PostgresAuthDatabase database, string clusterId, ILogger<PostgresGrainStorage> logger) : IGrainStateStore, IGrainEventStore
{
    private readonly string _clusterId = ValidClusterId(clusterId);

    public async Task<GrainStateRecord?> ReadAsync(GrainRowKey grainId, string stateName, CancellationToken cancellationToken)
    {
        GrainStorageKeys.Validate(grainId, stateName);
        var command = CreateCommand(PostgresGrainStorageQueries.Read, grainId, stateName);
        await using (command.ConfigureAwait(false))
        {
            return await GrainStateRows.ReadRecordAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<long> WriteAsync(GrainRowKey grainId, string stateName, ReadOnlyMemory<byte> payload, long expectedVersion, CancellationToken cancellationToken) =>
        WriteOrClearAsync("write", grainId, stateName, payload, expectedVersion, cancellationToken);

    public Task<long> ClearAsync(GrainRowKey grainId, string stateName, long expectedVersion, CancellationToken cancellationToken) =>
        WriteOrClearAsync("clear", grainId, stateName, payload: null, expectedVersion, cancellationToken);

    public async Task<long> WriteAsync(GrainRowKey grainId, string stateName, ReadOnlyMemory<byte> payload, long expectedVersion, IReadOnlyList<GrainEvent> events, CancellationToken cancellationToken)
    {
        GrainEvents.Validate(events);
        if (events.Count == 0)
        {
            return await WriteAsync(grainId, stateName, payload, expectedVersion, cancellationToken).ConfigureAwait(false);
        }

        GrainStorageKeys.Validate(grainId, stateName);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        var sql = expectedVersion == 0 ? PostgresGrainEventQueries.InsertStateWithEvents : PostgresGrainEventQueries.UpdateStateWithEvents;
        var command = CreateCommand(sql, grainId, stateName);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = payload, NpgsqlDbType = NpgsqlDbType.Bytea });
            if (expectedVersion != 0)
            {
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expectedVersion });
            }

            AddEventParameters(command, events);

            // Every event row is inserted exactly when the state row was written (the CTE returned its version).
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == events.Count)
            {
                return expectedVersion + 1;
            }
        }

        var storedVersion = await ReadVersionAsync(grainId, stateName, cancellationToken).ConfigureAwait(false);
        throw StaleWrite.Rejected(logger, "write", grainId, stateName, expectedVersion, storedVersion);
    }

    public async Task AppendEventsAsync(GrainRowKey grainId, string stateName, long expectedVersion, IReadOnlyList<GrainEvent> events, CancellationToken cancellationToken)
    {
        GrainStorageKeys.Validate(grainId, stateName);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        GrainEvents.Validate(events);
        if (events.Count == 0)
        {
            return;
        }

        var command = CreateCommand(PostgresGrainEventQueries.AppendEvents, grainId, stateName);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expectedVersion });
            AddEventParameters(command, events);
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == events.Count)
            {
                return;
            }
        }

        var storedVersion = await ReadVersionAsync(grainId, stateName, cancellationToken).ConfigureAwait(false);
        throw StaleWrite.Rejected(logger, "event record", grainId, stateName, expectedVersion, storedVersion);
    }

    public async Task<IReadOnlyList<StoredGrainEvent>> ReadAsync(long afterSequence, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        var command = database.DataSource.CreateCommand(PostgresGrainEventQueries.ReadAfter);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _clusterId });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterSequence });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxCount });
            return await GrainEvents.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<StoredGrainEvent>> ReadGrainAsync(GrainRowKey grainId, CancellationToken cancellationToken)
    {
        var command = database.DataSource.CreateCommand(PostgresGrainEventQueries.ReadGrain);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _clusterId });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Type });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Key });
            return await GrainEvents.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void AddEventParameters(NpgsqlCommand command, IReadOnlyList<GrainEvent> events)
    {
        var ids = new Guid[events.Count];
        var types = new string[events.Count];
        var occurredAt = new DateTime[events.Count];
        var data = new string[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            ids[i] = events[i].Id;
            types[i] = events[i].Type;

            // timestamptz takes UTC DateTimes only.
            occurredAt[i] = events[i].OccurredAt.UtcDateTime;
            data[i] = events[i].Data;
        }

        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = types });
        command.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = occurredAt, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = data, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
    }

    private async Task<long> WriteOrClearAsync(string operation, GrainRowKey grainId, string stateName, ReadOnlyMemory<byte>? payload, long expectedVersion, CancellationToken cancellationToken)
    {
        GrainStorageKeys.Validate(grainId, stateName);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        var clearingNothing = payload is null && expectedVersion == 0;
        if (!clearingNothing)
        {
            var sql = expectedVersion == 0 ? PostgresGrainStorageQueries.Insert : PostgresGrainStorageQueries.Update;
            var command = CreateCommand(sql, grainId, stateName);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.Add(payload is { } bytes
                    ? new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = bytes, NpgsqlDbType = NpgsqlDbType.Bytea }
                    : new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea });
                if (expectedVersion != 0)
                {
                    command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expectedVersion });
                }

                if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                {
                    return expectedVersion + 1;
                }
            }
        }

        var storedVersion = await ReadVersionAsync(grainId, stateName, cancellationToken).ConfigureAwait(false);
        if (clearingNothing && storedVersion is null)
        {
            // Nothing stored and nothing expected: clearing is a no-op, not a tombstone with no history.
            return 0;
        }

        throw StaleWrite.Rejected(logger, operation, grainId, stateName, expectedVersion, storedVersion);
    }

    private async Task<long?> ReadVersionAsync(GrainRowKey grainId, string stateName, CancellationToken cancellationToken)
    {
        var command = CreateCommand(PostgresGrainStorageQueries.ReadVersion, grainId, stateName);
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : null;
        }
    }

    private NpgsqlCommand CreateCommand(string sql, GrainRowKey grainId, string stateName)
    {
        var command = database.DataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _clusterId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Type });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Key });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stateName });
        return command;
    }

    private static string ValidClusterId(string clusterId)
    {
        GrainStorageKeys.ValidateName(clusterId, "cluster id", nameof(clusterId));
        return clusterId;
    }
}
