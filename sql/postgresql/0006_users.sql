-- Projection of the user grains for the admin listing (GET /api/v1/users): one row per registered account.
-- Kept in step by a trigger on grain_events, so a row changes in the same transaction (and the same statement: the
-- grain write and its events are one CTE) as the grain write whose event describes the change; the grains stay the
-- source of truth and nothing else writes this table.
-- Events used (data members): user.registered (user_id, roles), user.email_verified (user_id),
-- user.updated (user_id, disabled, roles), user.deleted (user_id). email is the grain key.
-- last_sequence: the grain_events row that last changed the row (for diagnosis).
-- Applied by the schema migrator inside its own transaction: no BEGIN/COMMIT here.
CREATE TABLE users (
    cluster_id     text COLLATE "C" NOT NULL,
    user_id        uuid NOT NULL,
    email          text COLLATE "C" NOT NULL,
    email_verified boolean NOT NULL DEFAULT false,
    disabled       boolean NOT NULL DEFAULT false,
    roles          jsonb NOT NULL DEFAULT '["user"]',
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    last_sequence  bigint NOT NULL,
    CONSTRAINT pk_users PRIMARY KEY (cluster_id, user_id)
);

-- One account per email; a deleted account's row goes before the email registers again.
CREATE UNIQUE INDEX ux_users_email ON users (cluster_id, email);

-- The listing's stable order.
CREATE INDEX ix_users_listing ON users (cluster_id, created_at, user_id);

-- Applies one event to the projection; the trigger and the backfill below share it.
CREATE FUNCTION users_apply_event(e grain_events) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    CASE e.event_type
    WHEN 'user.registered' THEN
        DELETE FROM users
        WHERE cluster_id = e.cluster_id AND email = e.grain_key AND user_id <> (e.data->>'user_id')::uuid;
        INSERT INTO users (cluster_id, user_id, email, email_verified, disabled, roles, created_at, updated_at, last_sequence)
        VALUES (e.cluster_id, (e.data->>'user_id')::uuid, e.grain_key, false, false,
                COALESCE(e.data->'roles', '["user"]'::jsonb), e.occurred_at, e.occurred_at, e.sequence)
        ON CONFLICT (cluster_id, user_id) DO NOTHING;
    WHEN 'user.email_verified' THEN
        UPDATE users SET email_verified = true, updated_at = e.occurred_at, last_sequence = e.sequence
        WHERE cluster_id = e.cluster_id AND user_id = (e.data->>'user_id')::uuid;
    WHEN 'user.updated' THEN
        UPDATE users SET
            disabled = COALESCE((e.data->>'disabled')::boolean, disabled),
            roles = COALESCE(e.data->'roles', roles),
            updated_at = e.occurred_at,
            last_sequence = e.sequence
        WHERE cluster_id = e.cluster_id AND user_id = (e.data->>'user_id')::uuid;
    WHEN 'user.deleted' THEN
        DELETE FROM users WHERE cluster_id = e.cluster_id AND user_id = (e.data->>'user_id')::uuid;
    ELSE
        NULL;
    END CASE;
END
$$;

CREATE FUNCTION users_project_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM users_apply_event(NEW);
    RETURN NULL;
END
$$;

CREATE TRIGGER tr_grain_events_users AFTER INSERT ON grain_events FOR EACH ROW
WHEN (NEW.grain_type = 'user' AND NEW.event_type IN ('user.registered', 'user.email_verified', 'user.updated', 'user.deleted'))
EXECUTE FUNCTION users_project_event();

-- Backfill the accounts registered before this script by replaying their events in order.
-- Events recorded before this script carry no roles on user.registered: those accounts show ["user"] until updated.
DO $$
DECLARE
    e grain_events;
BEGIN
    FOR e IN SELECT * FROM grain_events
             WHERE grain_type = 'user' AND event_type IN ('user.registered', 'user.email_verified', 'user.updated', 'user.deleted')
             ORDER BY sequence
    LOOP
        PERFORM users_apply_event(e);
    END LOOP;
END
$$;
