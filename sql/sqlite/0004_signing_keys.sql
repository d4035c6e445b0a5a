-- ES256 signing keys of the access tokens, shared by every API node of a cluster (DESIGN.md §4).
-- generation orders the keys of one cluster; its primary key is how nodes that start or rotate at the same time
-- agree on one key: each inserts generation N+1 with ON CONFLICT DO NOTHING and then adopts whatever row won.
-- activates_at: the key is published in the JWKS from creation but signs only from this instant, so every node
-- and downstream verifier can learn it before tokens signed with it appear.
-- private_key is PKCS#8 DER, sealed with AES-256-GCM under Auth:SigningKeys:EncryptionKey unless protection is
-- 'none' (allowed in Development only). Times are UTC.
CREATE TABLE signing_keys (
    cluster_id   TEXT    NOT NULL,
    generation   INTEGER NOT NULL CHECK (generation > 0),
    kid          TEXT    NOT NULL UNIQUE,
    algorithm    TEXT    NOT NULL,
    public_key   BLOB    NOT NULL,
    private_key  BLOB    NOT NULL,
    protection   TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    activates_at TEXT    NOT NULL,
    PRIMARY KEY (cluster_id, generation)
);
