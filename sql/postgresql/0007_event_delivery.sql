-- Event delivery lease: at most one webhook dispatcher per cluster sends events at a time, so silos do not send the
-- same events twice or out of order. The holder renews its row before every batch; a row whose expires_at has passed
-- (holder crashed or hung) is taken over by the next dispatcher that asks. expires_at comes from the holder's clock:
-- nodes of a cluster must keep their clocks synchronized well within the lease duration.
-- Applied by the schema migrator inside its own transaction: no BEGIN/COMMIT here.
CREATE TABLE event_delivery_lease (
    cluster_id text COLLATE "C" PRIMARY KEY,
    holder     text COLLATE "C" NOT NULL,
    expires_at timestamptz NOT NULL
);
