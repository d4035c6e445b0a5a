using OrleansAuth.Hosting.Storage;
using OrleansAuth.Hosting.Storage.Database;

namespace OrleansAuth.Hosting.Events;

/// <summary>
/// The statements of <see cref="EventOutbox"/> for one database (sql/*/0003_grain_events.sql, 0007_event_delivery.sql).
/// Parameters: @cluster_id, and per statement as named. Both providers bind @name parameters.
/// </summary>
internal sealed record EventOutboxQueries(string AcquireLease, string ReleaseLease, string ReadUndelivered, string CountUndelivered, string MarkDelivered)
{
    /// <summary>The data members removed from an event once it is delivered: single-use secrets only the receiver needs.</summary>
    public static readonly IReadOnlyList<string> DeliveredSecrets = ["verification_token", "reset_token"];

    // Takes the lease when it is free, ours, or expired; 1 row affected means this caller holds it until @expires_at.
    private const string Acquire =
        "INSERT INTO event_delivery_lease (cluster_id, holder, expires_at) VALUES (@cluster_id, @holder, @expires_at) "
        + "ON CONFLICT (cluster_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at "
        + "WHERE event_delivery_lease.holder = excluded.holder OR event_delivery_lease.expires_at < @now";

    private const string Release = "DELETE FROM event_delivery_lease WHERE cluster_id = @cluster_id AND holder = @holder";

    // Every undelivered row, not "after the last sequence sent": PostgreSQL identities can commit out of order, so a
    // cursor could step over a row that commits later. The partial index ix_grain_events_undelivered serves both.
    private const string Read =
        "SELECT " + GrainEvents.Columns + " FROM grain_events WHERE cluster_id = @cluster_id AND delivered_at IS NULL ORDER BY sequence LIMIT @limit";

    private const string Count = "SELECT count(*) FROM grain_events WHERE cluster_id = @cluster_id AND delivered_at IS NULL";

    public static EventOutboxQueries Sqlite { get; } = new(
        Acquire,
        Release,
        Read,
        Count,
        "UPDATE grain_events SET delivered_at = @delivered_at, data = CASE WHEN json_type(data) = 'object' THEN json_remove(data, "
        + string.Join(", ", DeliveredSecrets.Select(member => $"'$.{member}'"))
        + ") ELSE data END WHERE cluster_id = @cluster_id AND event_id = @event_id AND delivered_at IS NULL");

    public static EventOutboxQueries PostgreSql { get; } = new(
        Acquire,
        Release,
        Read,
        Count,
        "UPDATE grain_events SET delivered_at = @delivered_at, data = CASE WHEN jsonb_typeof(data) = 'object' THEN data - ARRAY["
        + string.Join(", ", DeliveredSecrets.Select(member => $"'{member}'"))
        + "]::text[] ELSE data END WHERE cluster_id = @cluster_id AND event_id = @event_id AND delivered_at IS NULL");

    public static EventOutboxQueries For(SqlDialect dialect) => dialect switch
    {
        SqlDialect.Sqlite => Sqlite,
        SqlDialect.PostgreSql => PostgreSql,
        _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, null),
    };
}
