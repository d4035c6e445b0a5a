-- Projection of the user grains for the admin listing (GET /api/v1/users): one row per registered account.
-- Kept in step by triggers on grain_events, so a row changes in the same transaction as the grain write whose event
-- describes the change; the grains stay the source of truth and nothing else writes this table.
-- Events used (data members): user.registered (user_id, roles), user.email_verified (user_id),
-- user.updated (user_id, disabled, roles), user.deleted (user_id). email is the grain key.
-- last_sequence: the grain_events row that last changed the row (for diagnosis).
-- Applied by the schema migrator inside its own transaction: no BEGIN/COMMIT here.
CREATE TABLE users (
    cluster_id     TEXT    NOT NULL,
    user_id        TEXT    NOT NULL,
    email          TEXT    NOT NULL,
    email_verified INTEGER NOT NULL DEFAULT 0,
    disabled       INTEGER NOT NULL DEFAULT 0,
    roles          TEXT    NOT NULL DEFAULT '["user"]',
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    last_sequence  INTEGER NOT NULL,
    PRIMARY KEY (cluster_id, user_id)
);

-- One account per email; a deleted account's row goes before the email registers again.
CREATE UNIQUE INDEX ux_users_email ON users (cluster_id, email);

-- The listing's stable order.
CREATE INDEX ix_users_listing ON users (cluster_id, created_at, user_id);

CREATE TRIGGER tr_users_registered AFTER INSERT ON grain_events
WHEN NEW.grain_type = 'user' AND NEW.event_type = 'user.registered'
BEGIN
    DELETE FROM users
    WHERE cluster_id = NEW.cluster_id AND email = NEW.grain_key AND user_id <> json_extract(NEW.data, '$.user_id');
    INSERT INTO users (cluster_id, user_id, email, email_verified, disabled, roles, created_at, updated_at, last_sequence)
    VALUES (NEW.cluster_id, json_extract(NEW.data, '$.user_id'), NEW.grain_key, 0, 0,
            COALESCE(json_extract(NEW.data, '$.roles'), '["user"]'), NEW.occurred_at, NEW.occurred_at, NEW.sequence)
    ON CONFLICT (cluster_id, user_id) DO NOTHING;
END;

CREATE TRIGGER tr_users_email_verified AFTER INSERT ON grain_events
WHEN NEW.grain_type = 'user' AND NEW.event_type = 'user.email_verified'
BEGIN
    UPDATE users SET email_verified = 1, updated_at = NEW.occurred_at, last_sequence = NEW.sequence
    WHERE cluster_id = NEW.cluster_id AND user_id = json_extract(NEW.data, '$.user_id');
END;

CREATE TRIGGER tr_users_updated AFTER INSERT ON grain_events
WHEN NEW.grain_type = 'user' AND NEW.event_type = 'user.updated'
BEGIN
    UPDATE users SET
        disabled = COALESCE(json_extract(NEW.data, '$.disabled'), disabled),
        roles = COALESCE(json_extract(NEW.data, '$.roles'), roles),
        updated_at = NEW.occurred_at,
        last_sequence = NEW.sequence
    WHERE cluster_id = NEW.cluster_id AND user_id = json_extract(NEW.data, '$.user_id');
END;

CREATE TRIGGER tr_users_deleted AFTER INSERT ON grain_events
WHEN NEW.grain_type = 'user' AND NEW.event_type = 'user.deleted'
BEGIN
    DELETE FROM users WHERE cluster_id = NEW.cluster_id AND user_id = json_extract(NEW.data, '$.user_id');
END;

-- Backfill the accounts registered before this script: each registration not followed by its deletion, with the
-- newest verification and update of that account (user ids are never reused, so they tie the events together).
-- Events recorded before this script carry no roles on user.registered: those accounts show ["user"] until updated.
INSERT INTO users (cluster_id, user_id, email, email_verified, disabled, roles, created_at, updated_at, last_sequence)
SELECT r.cluster_id, json_extract(r.data, '$.user_id'), r.grain_key, 0, 0,
       COALESCE(json_extract(r.data, '$.roles'), '["user"]'), r.occurred_at, r.occurred_at, r.sequence
FROM grain_events r
WHERE r.grain_type = 'user' AND r.event_type = 'user.registered'
  AND r.sequence = (SELECT MAX(n.sequence) FROM grain_events n
                    WHERE n.cluster_id = r.cluster_id AND n.grain_type = 'user' AND n.grain_key = r.grain_key
                      AND n.event_type = 'user.registered')
  AND NOT EXISTS (SELECT 1 FROM grain_events d
                  WHERE d.cluster_id = r.cluster_id AND d.grain_type = 'user' AND d.grain_key = r.grain_key
                    AND d.event_type = 'user.deleted' AND d.sequence > r.sequence);

UPDATE users SET email_verified = 1
WHERE EXISTS (SELECT 1 FROM grain_events e
              WHERE e.cluster_id = users.cluster_id AND e.grain_type = 'user' AND e.grain_key = users.email
                AND e.event_type = 'user.email_verified' AND json_extract(e.data, '$.user_id') = users.user_id);

UPDATE users SET (disabled, roles) = (
    SELECT COALESCE(json_extract(e.data, '$.disabled'), users.disabled), COALESCE(json_extract(e.data, '$.roles'), users.roles)
    FROM grain_events e
    WHERE e.cluster_id = users.cluster_id AND e.grain_type = 'user' AND e.grain_key = users.email
      AND e.event_type = 'user.updated' AND json_extract(e.data, '$.user_id') = users.user_id
    ORDER BY e.sequence DESC LIMIT 1)
WHERE EXISTS (SELECT 1 FROM grain_events e
              WHERE e.cluster_id = users.cluster_id AND e.grain_type = 'user' AND e.grain_key = users.email
                AND e.event_type = 'user.updated' AND json_extract(e.data, '$.user_id') = users.user_id);

UPDATE users SET (updated_at, last_sequence) = (
    SELECT e.occurred_at, e.sequence FROM grain_events e
    WHERE e.cluster_id = users.cluster_id AND e.grain_type = 'user' AND e.grain_key = users.email
      AND e.event_type IN ('user.registered', 'user.email_verified', 'user.updated')
      AND json_extract(e.data, '$.user_id') = users.user_id
    ORDER BY e.sequence DESC LIMIT 1);
