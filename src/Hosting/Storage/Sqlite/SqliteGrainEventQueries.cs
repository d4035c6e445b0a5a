namespace OrleansAuth.Hosting.Storage.Sqlite;

/// <summary>The grain_events statements for SQLite (sql/sqlite/0003_grain_events.sql).</summary>
internal static class SqliteGrainEventQueries
{
    public const string Insert =
        "INSERT INTO grain_events (cluster_id, grain_type, grain_key, state_version, event_id, event_type, occurred_at, data, recorded_at) "
        + "VALUES ($cluster_id, $grain_type, $grain_key, $state_version, $event_id, $event_type, $occurred_at, $data, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";

    public const string ReadAfter =
        "SELECT " + GrainEvents.Columns + " FROM grain_events WHERE cluster_id = $cluster_id AND sequence > $after ORDER BY sequence LIMIT $limit";

    public const string ReadGrain =
        "SELECT " + GrainEvents.Columns + " FROM grain_events "
        + "WHERE cluster_id = $cluster_id AND grain_type = $grain_type AND grain_key = $grain_key ORDER BY sequence";
}
