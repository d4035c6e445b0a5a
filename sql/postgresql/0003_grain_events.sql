-- Outbox of grain events (user.registered, user.logged_in, ...). A row is inserted in the same transaction as the
-- grain_state write that caused it (IPersistentState.WriteStateAsync with events), so an event exists exactly when
-- its state change committed. Delivery (webhook) and the audit log read it later, in sequence order.
-- sequence: an identity, increasing per row. Concurrent transactions may commit out of sequence order, but one
-- grain's writes are serialized by its version check, so a grain's events commit in sequence order; a deliverer
-- that needs a global order must not pass a gap younger than its longest transaction.
-- state_version: the grain_state version the event's change produced (or was recorded against).
-- Applied by the schema migrator inside its own transaction: no BEGIN/COMMIT here.
CREATE TABLE grain_events (
    sequence      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cluster_id    text COLLATE "C" NOT NULL,
    grain_type    text COLLATE "C" NOT NULL,
    grain_key     text COLLATE "C" NOT NULL,
    state_version bigint NOT NULL,
    event_id      uuid NOT NULL UNIQUE,
    event_type    text COLLATE "C" NOT NULL,
    occurred_at   timestamptz NOT NULL,
    data          jsonb NOT NULL,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    delivered_at  timestamptz NULL
);

-- Per-grain history (audit by user, delivery in order per user).
CREATE INDEX ix_grain_events_grain ON grain_events (cluster_id, grain_type, grain_key, sequence);

-- What a deliverer still has to send, oldest first; delivered rows drop out of the index.
CREATE INDEX ix_grain_events_undelivered ON grain_events (cluster_id, sequence) WHERE delivered_at IS NULL;
