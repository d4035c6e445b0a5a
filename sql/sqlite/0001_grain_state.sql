-- Grain state rows, after Orleans' ADO.NET storage but keyed by the plain strings rather than hashes, so a
-- lookup is one primary-key probe and the row stays readable by hand. Key lengths are capped by the providers
-- (GrainStorageKeys) to match the PostgreSQL index limit.
-- version is the optimistic-concurrency ETag (0 means "no row" and is never stored). Clearing keeps the row with
-- a NULL payload (tombstone) so that a writer holding an older version can never resurrect the state.
-- Applied by the schema migrator inside its own transaction: no BEGIN/COMMIT here.
CREATE TABLE grain_state (
    cluster_id TEXT    NOT NULL,
    grain_type TEXT    NOT NULL,
    grain_key  TEXT    NOT NULL,
    state_name TEXT    NOT NULL,
    payload    BLOB    NULL,
    version    INTEGER NOT NULL CHECK (version > 0),
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (cluster_id, grain_type, grain_key, state_name)
);
