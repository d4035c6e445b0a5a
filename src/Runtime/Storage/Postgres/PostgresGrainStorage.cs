using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace OrleansAuth.Runtime.Storage.Postgres;

/// <summary>Grain state in PostgreSQL (the cluster store). Each operation is one statement on a pooled connection.</summary>
internal sealed class PostgresGrainStorage(PostgresAuthDatabase database, string clusterId, ILogger<PostgresGrainStorage> logger) : IGrainStorage
{
    private readonly string _clusterId = ValidClusterId(clusterId);

    public async Task<GrainStateRecord?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken)
    {
        GrainStorageKeys.Validate(grainId, stateName);
        var command = CreateCommand(PostgresGrainStorageQueries.Read, grainId, stateName);
        await using (command.ConfigureAwait(false))
        {
            return await GrainStateRows.ReadRecordAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<long> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> payload, long expectedVersion, CancellationToken cancellationToken) =>
        WriteOrClearAsync("write", grainId, stateName, payload, expectedVersion, cancellationToken);

    public Task<long> ClearAsync(GrainId grainId, string stateName, long expectedVersion, CancellationToken cancellationToken) =>
        WriteOrClearAsync("clear", grainId, stateName, payload: null, expectedVersion, cancellationToken);

    private async Task<long> WriteOrClearAsync(string operation, GrainId grainId, string stateName, ReadOnlyMemory<byte>? payload, long expectedVersion, CancellationToken cancellationToken)
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

    private async Task<long?> ReadVersionAsync(GrainId grainId, string stateName, CancellationToken cancellationToken)
    {
        var command = CreateCommand(PostgresGrainStorageQueries.ReadVersion, grainId, stateName);
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : null;
        }
    }

    private NpgsqlCommand CreateCommand(string sql, GrainId grainId, string stateName)
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
