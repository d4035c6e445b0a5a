-- Audit log: one row per grain event, written by a trigger in the same transaction (and, for the single-statement
-- CTE writes of PostgresGrainEventQueries, the same statement) as the grain_events row, so the audit log holds
-- exactly the events whose state change committed, without an extra round trip. Rows are never updated: stripping
-- delivered tokens from grain_events does not touch them, because tokens are left out here in the first place.
-- who: user_id/email of the account, actor_id/actor_email of the administrator who acted on it (else NULL).
-- what: event_type and data without secrets (verification/reset/refresh/access tokens, passwords, hashes).
-- where from: client_address, user_agent, correlation_id (the HTTP request that caused it), when: occurred_at.
-- Applied by the schema migrator inside its own transaction: no BEGIN/COMMIT here.
CREATE TABLE audit_log (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cluster_id     text COLLATE "C" NOT NULL,
    event_id       uuid NOT NULL UNIQUE,
    event_type     text COLLATE "C" NOT NULL,
    occurred_at    timestamptz NOT NULL,
    user_id        text COLLATE "C" NULL,
    email          text NULL,
    actor_id       text COLLATE "C" NULL,
    actor_email    text NULL,
    client_address text NULL,
    user_agent     text NULL,
    correlation_id text NULL,
    data           jsonb NOT NULL
);

-- Newest first, overall, per user and per event type (GET /api/v1/audit).
CREATE INDEX ix_audit_log_time ON audit_log (cluster_id, occurred_at DESC, id DESC);
CREATE INDEX ix_audit_log_user ON audit_log (cluster_id, user_id, occurred_at DESC, id DESC);
CREATE INDEX ix_audit_log_type ON audit_log (cluster_id, event_type, occurred_at DESC, id DESC);

-- A statement-level trigger with a transition table: one INSERT ... SELECT per grain write, however many events it
-- carries. Nothing here may fail on odd data (a failure would fail the grain's write): members are read as text and
-- only objects are redacted (a scalar or array has no members to leak).
CREATE FUNCTION audit_log_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_log (cluster_id, event_id, event_type, occurred_at, user_id, email, actor_id, actor_email,
                           client_address, user_agent, correlation_id, data)
    SELECT e.cluster_id, e.event_id, e.event_type, e.occurred_at,
           e.data ->> 'user_id', e.data ->> 'email', e.data ->> 'actor_id', e.data ->> 'actor_email',
           e.data ->> 'ip', e.data ->> 'user_agent', e.data ->> 'correlation_id',
           CASE WHEN jsonb_typeof(e.data) = 'object'
                THEN e.data - ARRAY['verification_token', 'reset_token', 'refresh_token', 'access_token', 'token',
                                    'password', 'password_hash', 'secret']
                ELSE e.data END
    FROM new_events e
    ORDER BY e.sequence;
    RETURN NULL;
END
$$;

CREATE TRIGGER tr_grain_events_audit_log AFTER INSERT ON grain_events
    REFERENCING NEW TABLE AS new_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_record();
