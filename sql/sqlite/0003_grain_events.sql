-- Outbox of grain events (user.registered, user.logged_in, ...). A row is inserted in the same transaction as the
-- grain_state write that caused it (IPersistentState.WriteStateAsync with events), so an event exists exactly when
-- its state change committed. Delivery (webhook) and the audit log read it later, in sequence order.
-- sequence: AUTOINCREMENT never reuses a value and SQLite serializes writers, so sequence order is commit order.
-- state_version: the grain_state version the event's change produced (or was recorded against), which orders one
-- grain's events even across databases and shows which write caused them.
-- Applied by the schema migrator inside its own transaction: no BEGIN/COMMIT here.
CREATE TABLE grain_events (
    sequence      INTEGER PRIMARY KEY AUTOINCREMENT,
    cluster_id    TEXT    NOT NULL,
    grain_type    TEXT    NOT NULL,
    grain_key     TEXT    NOT NULL,
    state_version INTEGER NOT NULL,
    event_id      TEXT    NOT NULL UNIQUE,
    event_type    TEXT    NOT NULL,
    occurred_at   TEXT    NOT NULL,
    data          TEXT    NOT NULL,
    recorded_at   TEXT    NOT NULL,
    delivered_at  TEXT    NULL
);

-- Per-grain history (audit by user, delivery in order per user).
CREATE INDEX ix_grain_events_grain ON grain_events (cluster_id, grain_type, grain_key, sequence);

-- What a deliverer still has to send, oldest first; delivered rows drop out of the index.
CREATE INDEX ix_grain_events_undelivered ON grain_events (cluster_id, sequence) WHERE delivered_at IS NULL;
