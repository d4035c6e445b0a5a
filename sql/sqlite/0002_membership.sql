-- Cluster membership, after Orleans' ADO.NET clustering tables (OrleansMembershipVersionTable and
-- OrleansMembershipTable), one set per Cluster:ClusterId.
--
-- membership_version holds one row per cluster. Every membership change (a silo row inserted, its status or its
-- suspicion votes updated, defunct rows deleted) bumps that version in the same transaction, conditional on the
-- version the writer read. That one compare-and-swap serializes all writers of a cluster: a writer that lost the
-- race changes nothing, re-reads and retries, so no change ever overwrites another. The IAmAlive heartbeat is the
-- only write that leaves the version alone: it changes nobody's view.
--
-- A silo row is keyed by the silo's identity (address, port, generation); a restarted process is a new row.
-- Times come from the silos' clocks (TimeProvider), not the database's, as UTC ISO-8601 text with milliseconds
-- (yyyy-MM-ddTHH:mm:ss.fffZ), which sorts in time order. suspect_times is a JSON array of
-- {"voter": "host:port@generation", "time": "..."} read only by silos.
-- Applied by the schema migrator inside its own transaction: no BEGIN/COMMIT here.
CREATE TABLE membership_version (
    cluster_id TEXT    NOT NULL PRIMARY KEY,
    version    INTEGER NOT NULL CHECK (version >= 0),
    updated_at TEXT    NOT NULL
);

CREATE TABLE membership (
    cluster_id      TEXT    NOT NULL REFERENCES membership_version (cluster_id),
    address         TEXT    NOT NULL,
    port            INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
    generation      INTEGER NOT NULL CHECK (generation > 0),
    silo_name       TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('Joining', 'Active', 'ShuttingDown', 'Dead')),
    suspect_times   TEXT    NOT NULL DEFAULT '[]',
    start_time      TEXT    NOT NULL,
    i_am_alive_time TEXT    NOT NULL,
    PRIMARY KEY (cluster_id, address, port, generation)
);

-- Dead is final (DESIGN.md §1). The writers already condition their updates on it; this is the backstop for any
-- other statement, including one typed by hand.
CREATE TRIGGER membership_dead_is_final
BEFORE UPDATE OF status ON membership
WHEN OLD.status = 'Dead' AND NEW.status <> 'Dead'
BEGIN
    SELECT RAISE(ABORT, 'a Dead silo cannot change status');
END;
