using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace OrleansAuth.Runtime.Storage.Sqlite;

/// <summary>Grain state in a SQLite file (the embedded, single-node default).</summary>
internal sealed class SqliteGrainStorage(SqliteAuthDatabase database, string clusterId, ILogger<SqliteGrainStorage> logger) : IGrainStorage
{
    private readonly string _clusterId = ValidClusterId(clusterId);

    public async Task<GrainStateRecord?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken)
    {
        GrainStorageKeys.Validate(grainId, stateName);
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = CreateCommand(connection, SqliteGrainStorageQueries.Read, grainId, stateName);
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        return null;
                    }

                    var payload = reader.IsDBNull(0) ? null : reader.GetFieldValue<byte[]>(0);
                    return new GrainStateRecord(payload, reader.GetInt64(1));
                }
            }
        }
    }

    public Task<long> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> payload, long expectedVersion, CancellationToken cancellationToken) =>
        WriteOrClearAsync("write", grainId, stateName, AsArray(payload), expectedVersion, cancellationToken);

    public Task<long> ClearAsync(GrainId grainId, string stateName, long expectedVersion, CancellationToken cancellationToken) =>
        WriteOrClearAsync("clear", grainId, stateName, payload: null, expectedVersion, cancellationToken);

    private async Task<long> WriteOrClearAsync(string operation, GrainId grainId, string stateName, byte[]? payload, long expectedVersion, CancellationToken cancellationToken)
    {
        GrainStorageKeys.Validate(grainId, stateName);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var clearingNothing = payload is null && expectedVersion == 0;
            if (!clearingNothing)
            {
                var sql = expectedVersion == 0 ? SqliteGrainStorageQueries.Insert : SqliteGrainStorageQueries.Update;
                var command = CreateCommand(connection, sql, grainId, stateName);
                await using (command.ConfigureAwait(false))
                {
                    command.Parameters.Add("$payload", SqliteType.Blob).Value = (object?)payload ?? DBNull.Value;
                    if (expectedVersion != 0)
                    {
                        command.Parameters.AddWithValue("$expected_version", expectedVersion);
                    }

                    if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                    {
                        return expectedVersion + 1;
                    }
                }
            }

            var storedVersion = await ReadVersionAsync(connection, grainId, stateName, cancellationToken).ConfigureAwait(false);
            if (clearingNothing && storedVersion is null)
            {
                // Nothing stored and nothing expected: clearing is a no-op, not a tombstone with no history.
                return 0;
            }

            throw StaleWrite.Rejected(logger, operation, grainId, stateName, expectedVersion, storedVersion);
        }
    }

    private async Task<long?> ReadVersionAsync(SqliteConnection connection, GrainId grainId, string stateName, CancellationToken cancellationToken)
    {
        var command = CreateCommand(connection, SqliteGrainStorageQueries.ReadVersion, grainId, stateName);
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : null;
        }
    }

    private SqliteCommand CreateCommand(SqliteConnection connection, string sql, GrainId grainId, string stateName)
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
