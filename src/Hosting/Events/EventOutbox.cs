using System.Data.Common;
using Microsoft.Extensions.Options;
using OrleansAuth.Hosting.Storage;
using OrleansAuth.Hosting.Storage.Database;
using OrleansAuth.Hosting.Storage.Sqlite;

namespace OrleansAuth.Hosting.Events;

/// <summary>
/// What the webhook dispatcher does to the grain_events outbox of this cluster: the delivery lease, the undelivered
/// rows, and marking a row delivered (which also strips its single-use tokens).
/// </summary>
internal sealed class EventOutbox(IAuthDatabase database, IOptions<StorageOptions> storageOptions)
{
    private readonly EventOutboxQueries _queries = EventOutboxQueries.For(database.Dialect);
    private readonly string _clusterId = storageOptions.Value.ClusterId;

    /// <summary>Takes or renews the cluster's delivery lease for <paramref name="holder"/>; false while another live holder has it.</summary>
    public async Task<bool> TryAcquireLeaseAsync(string holder, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        await ExecuteAsync(_queries.AcquireLease, cancellationToken, ("holder", holder), ("now", Time(now)), ("expires_at", Time(expiresAt))).ConfigureAwait(false) == 1;

    /// <summary>Gives the lease up (graceful stop), so a standby dispatcher takes over without waiting for it to expire.</summary>
    public Task ReleaseLeaseAsync(string holder, CancellationToken cancellationToken) =>
        ExecuteAsync(_queries.ReleaseLease, cancellationToken, ("holder", holder));

    /// <summary>The oldest undelivered events, in sequence order (which is each grain's order).</summary>
    public async Task<IReadOnlyList<StoredGrainEvent>> ReadUndeliveredAsync(int maxCount, CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = CreateCommand(connection, _queries.ReadUndelivered, ("limit", maxCount));
            await using (command.ConfigureAwait(false))
            {
                return await GrainEvents.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<long> CountUndeliveredAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = CreateCommand(connection, _queries.CountUndelivered);
            await using (command.ConfigureAwait(false))
            {
                return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>Records that the receiver acknowledged the event and removes its raw tokens; false when it already was.</summary>
    public async Task<bool> MarkDeliveredAsync(Guid eventId, DateTimeOffset deliveredAt, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            _queries.MarkDelivered,
            cancellationToken,
            ("event_id", database.Dialect == SqlDialect.Sqlite ? eventId.ToString("D") : eventId),
            ("delivered_at", Time(deliveredAt))).ConfigureAwait(false) == 1;

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = CreateCommand(connection, sql, parameters);
            await using (command.ConfigureAwait(false))
            {
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private DbCommand CreateCommand(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.AddParameter("@cluster_id", _clusterId);
        foreach (var (name, value) in parameters)
        {
            command.AddParameter("@" + name, value);
        }

        return command;
    }

    // SQLite compares the fixed-width UTC text; PostgreSQL takes timestamptz, which Npgsql binds only from UTC values.
    private object Time(DateTimeOffset value) =>
        database.Dialect == SqlDialect.Sqlite ? SqliteTimestamps.Format(value) : value.ToUniversalTime();
}
