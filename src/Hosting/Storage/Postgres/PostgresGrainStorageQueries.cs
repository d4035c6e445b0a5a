namespace OrleansAuth.Hosting.Storage.Postgres;

/// <summary>
/// The grain_state statements for PostgreSQL (sql/postgresql/0001_grain_state.sql). Positional parameters:
/// $1 cluster id, $2 grain type, $3 grain key, $4 state name, then $5 payload and $6 expected version.
/// </summary>
internal static class PostgresGrainStorageQueries
{
    private const string Key = "cluster_id = $1 AND grain_type = $2 AND grain_key = $3 AND state_name = $4";

    public const string Read = "SELECT payload, version FROM grain_state WHERE " + Key;

    public const string ReadVersion = "SELECT version FROM grain_state WHERE " + Key;

    // DO NOTHING rather than an error: a lost insert race is an expected outcome, reported as 0 rows, and an error
    // would also abort any surrounding transaction.
    public const string Insert =
        "INSERT INTO grain_state (cluster_id, grain_type, grain_key, state_name, payload, version) "
        + "VALUES ($1, $2, $3, $4, $5, 1) "
        + "ON CONFLICT (cluster_id, grain_type, grain_key, state_name) DO NOTHING";

    // Under READ COMMITTED a concurrent writer blocks on the row lock, then re-checks the version predicate against
    // the committed row, so of two writers holding the same version exactly one updates a row.
    public const string Update =
        "UPDATE grain_state SET payload = $5, version = version + 1, updated_at = now() "
        + "WHERE " + Key + " AND version = $6";
}
