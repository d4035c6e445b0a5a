namespace OrleansAuth.Hosting.Storage.Postgres;

/// <summary>
/// The grain_events statements for PostgreSQL (sql/postgresql/0003_grain_events.sql). A state write and its events
/// are one statement: the grain_state change is a data-modifying CTE whose RETURNING row feeds the event insert, so
/// both commit together in a single round trip, and a stale write (no row returned) inserts no events.
/// Parameters: $1 cluster id, $2 grain type, $3 grain key, $4 state name, then per statement as documented.
/// </summary>
internal static class PostgresGrainEventQueries
{
    /// <summary>Followed by the source of the version column named <c>v.version</c> and the event arrays.</summary>
    private const string InsertEventsFrom =
        "INSERT INTO grain_events (cluster_id, grain_type, grain_key, state_version, event_id, event_type, occurred_at, data) "
        + "SELECT $1, $2, $3, v.version, e.id, e.type, e.occurred_at, e.data ";

    private static string Events(int first) =>
        $"unnest(${first}::uuid[], ${first + 1}::text[], ${first + 2}::timestamptz[], ${first + 3}::jsonb[]) "
        + "WITH ORDINALITY AS e(id, type, occurred_at, data, ordinal)";

    /// <summary>$5 payload, $6..$9 event arrays; inserts the row at version 1. Returns the number of events inserted.</summary>
    public static readonly string InsertStateWithEvents =
        "WITH v AS (INSERT INTO grain_state (cluster_id, grain_type, grain_key, state_name, payload, version) "
        + "VALUES ($1, $2, $3, $4, $5, 1) ON CONFLICT (cluster_id, grain_type, grain_key, state_name) DO NOTHING RETURNING version) "
        + InsertEventsFrom + "FROM v CROSS JOIN " + Events(6) + " ORDER BY e.ordinal";

    /// <summary>$5 payload, $6 expected version, $7..$10 event arrays. Returns the number of events inserted.</summary>
    public static readonly string UpdateStateWithEvents =
        "WITH v AS (UPDATE grain_state SET payload = $5, version = version + 1, updated_at = now() "
        + "WHERE cluster_id = $1 AND grain_type = $2 AND grain_key = $3 AND state_name = $4 AND version = $6 RETURNING version) "
        + InsertEventsFrom + "FROM v CROSS JOIN " + Events(7) + " ORDER BY e.ordinal";

    /// <summary>
    /// $5 expected version, $6..$9 event arrays. FOR SHARE holds the state row until commit, so a concurrent write
    /// either waits for this insert or is seen by it (READ COMMITTED re-checks the locked row's version).
    /// </summary>
    public static readonly string AppendEvents =
        "WITH v AS (SELECT $5::bigint AS version WHERE COALESCE((SELECT version FROM grain_state "
        + "WHERE cluster_id = $1 AND grain_type = $2 AND grain_key = $3 AND state_name = $4 FOR SHARE), 0) = $5) "
        + InsertEventsFrom + "FROM v CROSS JOIN " + Events(6) + " ORDER BY e.ordinal";

    public const string ReadAfter =
        "SELECT " + GrainEvents.Columns + " FROM grain_events WHERE cluster_id = $1 AND sequence > $2 ORDER BY sequence LIMIT $3";

    public const string ReadGrain =
        "SELECT " + GrainEvents.Columns + " FROM grain_events WHERE cluster_id = $1 AND grain_type = $2 AND grain_key = $3 ORDER BY sequence";
}
