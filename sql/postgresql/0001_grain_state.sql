-- Grain state rows, after Orleans' ADO.NET storage but keyed by the plain strings rather than hashes, so a
-- lookup is one primary-key probe and the row stays readable by hand. Key lengths are capped by the providers
-- (GrainStorageKeys) to stay under the b-tree entry limit.
-- version is the optimistic-concurrency ETag (0 means "no row" and is never stored). Clearing keeps the row with
-- a NULL payload (tombstone) so that a writer holding an older version can never resurrect the state.
-- Applied by the schema migrator inside its own transaction: no BEGIN/COMMIT here.
CREATE TABLE grain_state (
    -- COLLATE "C": keys are identifiers, compared byte-wise; also keeps the primary key independent of the
    -- server's locale and cheaper to compare.
    cluster_id text COLLATE "C" NOT NULL,
    grain_type text COLLATE "C" NOT NULL,
    grain_key  text COLLATE "C" NOT NULL,
    state_name text COLLATE "C" NOT NULL,
    payload    bytea NULL,
    version    bigint NOT NULL CHECK (version > 0),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_grain_state PRIMARY KEY (cluster_id, grain_type, grain_key, state_name)
)
-- Every write is an update of non-indexed columns; free space on the page lets PostgreSQL make them HOT updates.
WITH (fillfactor = 80);
