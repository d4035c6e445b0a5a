using System.Data.Common;
using System.Globalization;
using OrleansAuth.Runtime.Cluster;
using OrleansAuth.Runtime.Storage;
using OrleansAuth.Runtime.Storage.Database;

namespace OrleansAuth.Runtime.Membership.Table;

/// <summary>
/// The membership table of one cluster in the shared SQL database (SQLite or PostgreSQL through
/// <see cref="IAuthDatabase"/>): one version row per cluster plus one row per silo identity.
/// </summary>
internal sealed class MembershipTable : IMembershipTable
{
    // Fixed width and UTC, so SQLite compares times as text in time order.
    private const string SqliteTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private readonly IAuthDatabase _database;
    private readonly string _clusterId;
    private readonly TimeProvider _timeProvider;
    private readonly MembershipQueries _queries;

    public MembershipTable(IAuthDatabase database, string clusterId, TimeProvider timeProvider)
    {
        GrainStorageKeys.ValidateName(clusterId, "cluster id", nameof(clusterId));
        _database = database;
        _clusterId = clusterId;
        _timeProvider = timeProvider;
        _queries = MembershipQueries.For(database.Dialect);
    }

    /// <summary>The cluster whose rows this table reads and writes (<c>Cluster:ClusterId</c>).</summary>
    public string ClusterId => _clusterId;

    public async Task<ClusterMembershipSnapshot> ReadAllAsync(CancellationToken cancellationToken)
    {
        var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = CreateCommand(connection, null, _queries.ReadAll);
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    long version = 0;
                    var members = new List<ClusterMember>();
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        version = reader.GetInt64(0);
                        if (!reader.IsDBNull(1))
                        {
                            members.Add(ReadMember(reader));
                        }
                    }

                    return new ClusterMembershipSnapshot(version, members);
                }
            }
        }
    }

    public Task<bool> TryInsertAsync(ClusterMember member, long expectedVersion, CancellationToken cancellationToken) =>
        WriteAsync(expectedVersion, _queries.InsertMember, member, cancellationToken);

    public Task<bool> TryUpdateAsync(ClusterMember member, long expectedVersion, CancellationToken cancellationToken) =>
        WriteAsync(expectedVersion, _queries.UpdateMember, member, cancellationToken);

    public async Task<bool> UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset time, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // One idempotent statement: a retry after SQLITE_BUSY cannot do harm, so no explicit transaction.
            var command = CreateCommand(connection, null, _queries.UpdateIAmAlive);
            await using (command.ConfigureAwait(false))
            {
                AddKey(command, silo);
                command.AddParameter("@i_am_alive_time", Time(time));
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
            }
        }
    }

    public async Task<int> DeleteDefunctAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await _database.BeginWriteTransactionAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Version row first, as every writer does (lock order). Deleting rows changes the view, so it is a new version.
                if (await ExecuteAsync(connection, transaction, _queries.BumpVersionUnconditionally, null, cancellationToken).ConfigureAwait(false) != 1)
                {
                    return 0;
                }

                var command = CreateCommand(connection, transaction, _queries.DeleteDefunct);
                await using (command.ConfigureAwait(false))
                {
                    command.AddParameter("@cutoff", Time(cutoff));
                    var deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    if (deleted > 0)
                    {
                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    }

                    return deleted;
                }
            }
        }
    }

    private async Task<bool> WriteAsync(long expectedVersion, string rowStatement, ClusterMember member, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // On SQLite this is BEGIN IMMEDIATE: the write lock is taken before the version is checked, so the check and
            // the write are one atomic step (see SqliteGrainStorage for why an autocommit statement is not enough).
            var transaction = await _database.BeginWriteTransactionAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                if (expectedVersion == 0)
                {
                    await ExecuteAsync(connection, transaction, _queries.EnsureVersionRow, null, cancellationToken).ConfigureAwait(false);
                }

                // Disposing the transaction uncommitted rolls it back: a failed condition changes nothing.
                if (await ExecuteAsync(connection, transaction, _queries.BumpVersion, expectedVersion, cancellationToken).ConfigureAwait(false) != 1)
                {
                    return false;
                }

                var command = CreateCommand(connection, transaction, rowStatement);
                await using (command.ConfigureAwait(false))
                {
                    AddMember(command, member);
                    if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                    {
                        return false;
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
    }

    private async Task<int> ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, long? expectedVersion, CancellationToken cancellationToken)
    {
        var command = CreateCommand(connection, transaction, sql);
        await using (command.ConfigureAwait(false))
        {
            if (expectedVersion is { } expected)
            {
                command.AddParameter("@expected_version", expected);
            }

            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.AddParameter("@cluster_id", _clusterId);
        if (sql.Contains("@now", StringComparison.Ordinal))
        {
            command.AddParameter("@now", Time(_timeProvider.GetUtcNow()));
        }

        return command;
    }

    private void AddMember(DbCommand command, ClusterMember member)
    {
        AddKey(command, member.Address);
        command.AddParameter("@silo_name", member.Name);
        command.AddParameter("@status", member.Status.ToString());
        command.AddParameter("@suspect_times", SuspicionVoteJson.Write(member.Suspicions));
        command.AddParameter("@start_time", Time(member.StartTime));
        command.AddParameter("@i_am_alive_time", Time(member.IAmAliveTime));
    }

    private static void AddKey(DbCommand command, SiloAddress silo)
    {
        command.AddParameter("@address", silo.Host);
        command.AddParameter("@port", silo.Port);
        command.AddParameter("@generation", silo.Generation);
    }

    private object Time(DateTimeOffset time) =>
        _database.Dialect == SqlDialect.Sqlite
            ? time.UtcDateTime.ToString(SqliteTimeFormat, CultureInfo.InvariantCulture)
            : time.ToUniversalTime();

    private DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        _database.Dialect == SqlDialect.Sqlite
            ? DateTimeOffset.ParseExact(reader.GetString(ordinal), SqliteTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
            : reader.GetFieldValue<DateTimeOffset>(ordinal);

    private ClusterMember ReadMember(DbDataReader reader) => new(
        new SiloAddress(reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3)),
        reader.GetString(4),
        Enum.Parse<MembershipStatus>(reader.GetString(5)),
        ReadTime(reader, 7),
        ReadTime(reader, 8),
        SuspicionVoteJson.Read(reader.GetString(6)));
}
