namespace OrleansAuth.Hosting.Storage.Sqlite;

/// <summary>The grain_state statements for SQLite (sql/sqlite/0001_grain_state.sql).</summary>
internal static class SqliteGrainStorageQueries
{
    private const string Key = "cluster_id = $cluster_id AND grain_type = $grain_type AND grain_key = $grain_key AND state_name = $state_name";

    private const string Now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

    public const string Read = "SELECT payload, version FROM grain_state WHERE " + Key;

    public const string ReadVersion = "SELECT version FROM grain_state WHERE " + Key;

    // DO NOTHING rather than an error: a lost insert race is an expected outcome, reported as 0 rows.
    public const string Insert =
        "INSERT INTO grain_state (cluster_id, grain_type, grain_key, state_name, payload, version, updated_at) "
        + "VALUES ($cluster_id, $grain_type, $grain_key, $state_name, $payload, 1, " + Now + ") "
        + "ON CONFLICT (cluster_id, grain_type, grain_key, state_name) DO NOTHING";

    // The version predicate is the whole concurrency control: a single statement is atomic under SQLite's write lock.
    public const string Update =
        "UPDATE grain_state SET payload = $payload, version = version + 1, updated_at = " + Now
        + " WHERE " + Key + " AND version = $expected_version";
}
