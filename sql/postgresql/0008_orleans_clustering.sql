-- Cluster membership through Orleans' own ADO.NET clustering provider (Microsoft.Orleans.Clustering.AdoNet,
-- invariant "Npgsql"), for silos and for external clients' gateway discovery. Written for the 10.4.x provider.
-- The package ships no SQL: at start it runs SELECT QueryKey, QueryText FROM OrleansQuery and refuses to start
-- ("Not all required queries found. Missing are: ...") unless every key below is present, then issues only these
-- texts. So the contract lives in this file: the parameter names (@DeploymentId is ClusterOptions.ClusterId, the
-- silo is @Address/@Port/@Generation, @Version is the membership version the writer read) and the result column
-- names the provider reads back. Status is Orleans' SiloStatus number: 2 Joining, 3 Active, 4 ShuttingDown,
-- 5 Stopping, 6 Dead.
--
-- Table and column names are Orleans' (unquoted, so PostgreSQL folds them to lower case): the provider's
-- hard-coded catalog query names OrleansQuery, and the other two keep Orleans' documentation and troubleshooting
-- queries usable as written. The provider does not use the membership tables of 0002.
--
-- Optimistic concurrency: OrleansMembershipVersionTable holds one version per cluster. Every membership change
-- (a silo row inserted, its status or suspicion votes updated) is conditional on the version its writer read and
-- bumps it in the same statement, so of two silos acting on the same view only one wins; the loser gets false,
-- re-reads and retries. The heartbeat (UpdateIAmAlivetimeKey) and defunct-row cleanup leave the version alone:
-- they change nobody's view of who is in the cluster. The version is an Orleans int (its ETag is parsed as one).
-- Times are the silos' clocks (UTC DateTime parameters), stored as timestamptz.
-- Applied by the schema migrator inside its own transaction: no BEGIN/COMMIT here.

CREATE TABLE OrleansQuery (
    QueryKey  text COLLATE "C" NOT NULL,
    QueryText text NOT NULL,
    CONSTRAINT pk_orleans_query PRIMARY KEY (QueryKey)
);

CREATE TABLE OrleansMembershipVersionTable (
    DeploymentId text COLLATE "C" NOT NULL,
    Version      integer NOT NULL DEFAULT 0 CHECK (Version >= 0),
    Timestamp    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_orleans_membership_version PRIMARY KEY (DeploymentId)
);

CREATE TABLE OrleansMembershipTable (
    DeploymentId text COLLATE "C" NOT NULL,
    Address      text COLLATE "C" NOT NULL,
    Port         integer NOT NULL,
    Generation   integer NOT NULL,
    SiloName     text NOT NULL,
    HostName     text NOT NULL,
    Status       integer NOT NULL,
    ProxyPort    integer NULL,
    -- "host:port@generation,yyyy-MM-dd HH:mm:ss.fff GMT" votes joined by '|', written and parsed only by Orleans.
    SuspectTimes text NULL,
    StartTime    timestamptz NOT NULL,
    IAmAliveTime timestamptz NOT NULL,
    CONSTRAINT pk_orleans_membership PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT fk_orleans_membership_version FOREIGN KEY (DeploymentId)
        REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

-- Inserting a silo row and updating one share one shape: claim the version row only if it still holds the
-- version the caller read (FOR UPDATE re-checks that after waiting for a concurrent writer, so the loser finds
-- nothing), make the change, and bump the version only when the change happened. Nothing is written before the
-- last check that can fail, so a false result leaves the tables exactly as they were, with no exception handler
-- (subtransaction) and no reliance on plpgsql.check_asserts. A version at the int maximum is never matched: the
-- provider could not parse the bumped value.
CREATE FUNCTION orleans_insert_membership(
    p_deployment_id text, p_address text, p_port integer, p_generation integer, p_silo_name text, p_host_name text,
    p_status integer, p_proxy_port integer, p_start_time timestamptz, p_i_am_alive_time timestamptz, p_version integer)
RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM OrleansMembershipVersionTable v
    WHERE v.DeploymentId = p_deployment_id AND v.Version = p_version AND v.Version < 2147483647
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
    VALUES (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port,
            p_start_time, p_i_am_alive_time)
    ON CONFLICT ON CONSTRAINT pk_orleans_membership DO NOTHING;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE OrleansMembershipVersionTable v SET Version = v.Version + 1, Timestamp = now()
    WHERE v.DeploymentId = p_deployment_id;
    RETURN true;
END
$$;

-- Dead is final: Orleans never revives a Dead row (a silo declared dead stops itself), so a write that would is
-- refused like a lost race rather than applied. The heartbeat only moves forward, as in UpdateIAmAlivetimeKey below.
CREATE FUNCTION orleans_update_membership(
    p_deployment_id text, p_address text, p_port integer, p_generation integer, p_status integer, p_suspect_times text,
    p_i_am_alive_time timestamptz, p_version integer)
RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM OrleansMembershipVersionTable v
    WHERE v.DeploymentId = p_deployment_id AND v.Version = p_version AND v.Version < 2147483647
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE OrleansMembershipTable m
    SET Status = p_status, SuspectTimes = p_suspect_times,
        IAmAliveTime = GREATEST(m.IAmAliveTime, p_i_am_alive_time)
    WHERE m.DeploymentId = p_deployment_id AND m.Address = p_address AND m.Port = p_port
      AND m.Generation = p_generation
      AND (m.Status <> 6 OR p_status = 6);
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE OrleansMembershipVersionTable v SET Version = v.Version + 1, Timestamp = now()
    WHERE v.DeploymentId = p_deployment_id;
    RETURN true;
END
$$;

-- The query texts. Dollar quoting keeps them free of doubled quotes; each is sent as written with the provider's
-- named parameters. Every key the 10.4 provider requires is here, plus the optional CleanupDefunctSiloEntryKey.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Run by every silo at start; creates the cluster's version row once. Returns one row, one column: whether this
-- call created it (the provider only logs that).
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES (@DeploymentId)
    ON CONFLICT ON CONSTRAINT pk_orleans_membership_version DO NOTHING
    RETURNING 1
)
SELECT count(*) > 0 AS created FROM created
$q$),

-- Both reads return the version row even when the cluster has no silo row yet (LEFT JOIN from the version
-- table): the provider takes the table version from the first row and treats NULL StartTime as "no entry".
-- It reads columns by name.
('MembershipReadRowKey', $q$
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m
       ON m.DeploymentId = v.DeploymentId
      AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
WHERE v.DeploymentId = @DeploymentId
$q$),

('MembershipReadAllKey', $q$
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
WHERE v.DeploymentId = @DeploymentId
$q$),

-- One row, one boolean column: true when the row was inserted and the version bumped.
('InsertMembershipKey', $q$
SELECT orleans_insert_membership(
    p_deployment_id => @DeploymentId, p_address => @Address, p_port => @Port, p_generation => @Generation,
    p_silo_name => @SiloName, p_host_name => @HostName, p_status => @Status, p_proxy_port => @ProxyPort,
    p_start_time => @StartTime, p_i_am_alive_time => @IAmAliveTime, p_version => @Version) AS inserted
$q$),

('UpdateMembershipKey', $q$
SELECT orleans_update_membership(
    p_deployment_id => @DeploymentId, p_address => @Address, p_port => @Port, p_generation => @Generation,
    p_status => @Status, p_suspect_times => @SuspectTimes, p_i_am_alive_time => @IAmAliveTime,
    p_version => @Version) AS updated
$q$),

-- The heartbeat. GREATEST: a delayed heartbeat must not move the time back behind a newer one.
('UpdateIAmAlivetimeKey', $q$
UPDATE OrleansMembershipTable
SET IAmAliveTime = GREATEST(IAmAliveTime, @IAmAliveTime)
WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation
$q$),

-- Gateway discovery by clients: @Status is 3 (Active). Returns Address, ProxyPort, Generation.
('GatewaysQueryKey', $q$
SELECT Address, ProxyPort, Generation
FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0
$q$),

-- Removes a whole cluster (the provider's DeleteMembershipTableEntriesAsync, used by tooling and tests).
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId
$q$),

-- Defunct-row cleanup (ClusterMembershipOptions.DefunctSiloCleanupPeriod / DefunctSiloExpiration). Only Dead rows
-- are ever removed: any other row is still a member by the protocol, and removing one without a version bump could
-- hide a silo that still has to be declared dead. The version is left alone: a Dead row changes nobody's view.
-- When CleanupDefunctSiloEntryKey exists, 10.4 uses it instead of this key: it reads the table, picks the Dead rows
-- whose start, heartbeat and every suspicion vote are older than the cutoff, and deletes each only if it still
-- holds exactly the values it read (@StartTime/@IAmAliveTime/@SuspectTimes), so a row changed meanwhile survives.
-- Orleans writes "no votes" as NULL or '' interchangeably, hence the COALESCE. This required key remains the
-- fallback, and without parsing the votes it can only take rows that have none.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND Status = 6
  AND IAmAliveTime < @IAmAliveTime AND StartTime < @IAmAliveTime
  AND COALESCE(SuspectTimes, '') = ''
$q$),

('CleanupDefunctSiloEntryKey', $q$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND Status = 6
  AND Address = @Address AND Port = @Port AND Generation = @Generation
  AND StartTime = @StartTime AND IAmAliveTime = @IAmAliveTime
  AND COALESCE(SuspectTimes, '') = COALESCE(@SuspectTimes, '')
$q$);
