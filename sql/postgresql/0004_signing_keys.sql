-- ES256 signing keys of the access tokens, shared by every API node of a cluster (DESIGN.md §4).
-- generation orders the keys of one cluster; its primary key is how nodes that start or rotate at the same time
-- agree on one key: each inserts generation N+1 with ON CONFLICT DO NOTHING and then adopts whatever row won.
-- activates_at: the key is published in the JWKS from creation but signs only from this instant, so every node
-- and downstream verifier can learn it before tokens signed with it appear.
-- private_key is PKCS#8 DER, sealed with AES-256-GCM under Auth:SigningKeys:EncryptionKey unless protection is
-- 'none' (allowed in Development only).
CREATE TABLE signing_keys (
    cluster_id   text COLLATE "C" NOT NULL,
    generation   bigint NOT NULL CHECK (generation > 0),
    kid          text COLLATE "C" NOT NULL UNIQUE,
    algorithm    text NOT NULL,
    public_key   bytea NOT NULL,
    private_key  bytea NOT NULL,
    protection   text NOT NULL,
    created_at   timestamptz NOT NULL,
    activates_at timestamptz NOT NULL,
    CONSTRAINT pk_signing_keys PRIMARY KEY (cluster_id, generation)
);
