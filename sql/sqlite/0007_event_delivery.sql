-- Event delivery lease: at most one webhook dispatcher per cluster sends events at a time, so hosts sharing the
-- database file do not send the same events twice or out of order. The holder renews its row before every batch; a
-- row whose expires_at (fixed-width UTC text, so text order is time order) has passed is taken over.
-- Applied by the schema migrator inside its own transaction: no BEGIN/COMMIT here.
CREATE TABLE event_delivery_lease (
    cluster_id TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
