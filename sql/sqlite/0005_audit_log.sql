-- Audit log: one row per grain event, written by a trigger inside the transaction that inserts the grain_events row,
-- so the audit log holds exactly the events whose state change committed. Rows are never updated: stripping
-- delivered tokens from grain_events does not touch them, because tokens are left out here in the first place.
-- who: user_id/email of the account, actor_id/actor_email of the administrator who acted on it (else NULL).
-- what: event_type and data without secrets (verification/reset/refresh/access tokens, passwords, hashes).
-- where from: client_address, user_agent, correlation_id (the HTTP request that caused it), when: occurred_at
-- (the fixed-width UTC text of grain_events, so text order is time order).
-- Applied by the schema migrator inside its own transaction: no BEGIN/COMMIT here.
CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    cluster_id     TEXT NOT NULL,
    event_id       TEXT NOT NULL UNIQUE,
    event_type     TEXT NOT NULL,
    occurred_at    TEXT NOT NULL,
    user_id        TEXT NULL,
    email          TEXT NULL,
    actor_id       TEXT NULL,
    actor_email    TEXT NULL,
    client_address TEXT NULL,
    user_agent     TEXT NULL,
    correlation_id TEXT NULL,
    data           TEXT NOT NULL
);

-- Newest first, overall, per user and per event type (GET /api/v1/audit).
CREATE INDEX ix_audit_log_time ON audit_log (cluster_id, occurred_at DESC, id DESC);
CREATE INDEX ix_audit_log_user ON audit_log (cluster_id, user_id, occurred_at DESC, id DESC);
CREATE INDEX ix_audit_log_type ON audit_log (cluster_id, event_type, occurred_at DESC, id DESC);

-- Nothing here may fail on odd data (a failure would fail the grain's write): invalid JSON is stored as an empty
-- object, and members are read only from valid JSON.
CREATE TRIGGER tr_grain_events_audit_log AFTER INSERT ON grain_events
BEGIN
    INSERT INTO audit_log (cluster_id, event_id, event_type, occurred_at, user_id, email, actor_id, actor_email,
                           client_address, user_agent, correlation_id, data)
    SELECT NEW.cluster_id, NEW.event_id, NEW.event_type, NEW.occurred_at,
           json_extract(j.data, '$.user_id'), json_extract(j.data, '$.email'),
           json_extract(j.data, '$.actor_id'), json_extract(j.data, '$.actor_email'),
           json_extract(j.data, '$.ip'), json_extract(j.data, '$.user_agent'), json_extract(j.data, '$.correlation_id'),
           CASE WHEN json_type(j.data) = 'object'
                THEN json_remove(j.data, '$.verification_token', '$.reset_token', '$.refresh_token', '$.access_token',
                                 '$.token', '$.password', '$.password_hash', '$.secret')
                ELSE j.data END
    FROM (SELECT CASE WHEN json_valid(NEW.data) THEN NEW.data ELSE '{}' END AS data) AS j;
END;
