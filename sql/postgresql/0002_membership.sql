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
-- Times come from the silos' clocks (TimeProvider), not the database's. suspect_times is a JSON array of
-- {"voter": "host:port@generation", "time": "..."} read only by silos, kept as text like the SQLite schema.
-- Applied by the schema migrator inside its own transaction: no BEGIN/COMMIT here.
CREATE TABLE membership_version (
    cluster_id text COLLATE "C" NOT NULL,
    version    bigint NOT NULL CHECK (version >= 0),
    updated_at timestamptz NOT NULL,
    CONSTRAINT pk_membership_version PRIMARY KEY (cluster_id)
);

CREATE TABLE membership (
    cluster_id      text COLLATE "C" NOT NULL,
    address         text COLLATE "C" NOT NULL,
    port            integer NOT NULL CHECK (port BETWEEN 1 AND 65535),
    generation      bigint NOT NULL CHECK (generation > 0),
    silo_name       text NOT NULL,
    status          text NOT NULL CHECK (status IN ('Joining', 'Active', 'ShuttingDown', 'Dead')),
    suspect_times   text NOT NULL DEFAULT '[]',
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    CONSTRAINT pk_membership PRIMARY KEY (cluster_id, address, port, generation),
    CONSTRAINT fk_membership_version FOREIGN KEY (cluster_id) REFERENCES membership_version (cluster_id)
);

-- Dead is final (DESIGN.md §1). The writers already condition their updates on it; this is the backstop for any
-- other statement, including one typed by hand.
CREATE FUNCTION membership_dead_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a Dead silo cannot change status' USING ERRCODE = 'check_violation';
END;
$$;

CREATE TRIGGER membership_dead_is_final
BEFORE UPDATE OF status ON membership
FOR EACH ROW
WHEN (OLD.status = 'Dead' AND NEW.status <> 'Dead')
EXECUTE FUNCTION membership_dead_is_final();
