using OrleansAuth.Hosting.Storage.Database;

namespace OrleansAuth.Api.Tokens;

/// <summary>
/// The <c>signing_keys</c> table (sql/*/0004_signing_keys.sql). The statements are the same on SQLite and
/// PostgreSQL; the primary key on (cluster_id, generation) arbitrates concurrent inserts.
/// </summary>
internal sealed class SigningKeyStore(IAuthDatabase database, string clusterId)
{
    private const string SelectSql = """
        SELECT generation, kid, algorithm, public_key, private_key, protection, created_at, activates_at
        FROM signing_keys WHERE cluster_id = @cluster_id ORDER BY generation
        """;

    private const string InsertSql = """
        INSERT INTO signing_keys (cluster_id, generation, kid, algorithm, public_key, private_key, protection, created_at, activates_at)
        VALUES (@cluster_id, @generation, @kid, @algorithm, @public_key, @private_key, @protection, @created_at, @activates_at)
        ON CONFLICT (cluster_id, generation) DO NOTHING
        """;

    private const string DeleteSql = "DELETE FROM signing_keys WHERE cluster_id = @cluster_id AND generation <= @generation";

    public async Task<IReadOnlyList<SigningKeyRecord>> LoadAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateClusterCommand(SelectSql, clusterId);
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var records = new List<SigningKeyRecord>();
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        records.Add(new SigningKeyRecord(
                            reader.GetInt64(0),
                            reader.GetString(1),
                            reader.GetString(2),
                            reader.GetFieldValue<byte[]>(3),
                            reader.GetFieldValue<byte[]>(4),
                            reader.GetString(5),
                            reader.GetFieldValue<DateTimeOffset>(6),
                            reader.GetFieldValue<DateTimeOffset>(7)));
                    }

                    return records;
                }
            }
        }
    }

    /// <returns>False when another node already inserted this generation; the caller then adopts that key.</returns>
    public async Task<bool> TryInsertAsync(SigningKeyRecord record, CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateClusterCommand(InsertSql, clusterId);
            await using (command.ConfigureAwait(false))
            {
                command.AddParameter("@generation", record.Generation);
                command.AddParameter("@kid", record.Kid);
                command.AddParameter("@algorithm", record.Algorithm);
                command.AddParameter("@public_key", record.PublicKey);
                command.AddParameter("@private_key", record.PrivateKey);
                command.AddParameter("@protection", record.Protection);
                command.AddParameter("@created_at", record.CreatedAt.ToUniversalTime());
                command.AddParameter("@activates_at", record.ActivatesAt.ToUniversalTime());
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
            }
        }
    }

    /// <summary>Removes this generation and every older one (keys whose tokens have all expired).</summary>
    public async Task DeleteThroughAsync(long generation, CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateClusterCommand(DeleteSql, clusterId);
            await using (command.ConfigureAwait(false))
            {
                command.AddParameter("@generation", generation);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
