-- Public-key registry for the e2e tier: each user's X25519 (encryption) and Ed25519 (signing) public
-- keys. At most one active key per kind; rotation and revocation keep the history.
CREATE TABLE public_keys (
    id          UUID        PRIMARY KEY,
    user_id     UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        TEXT        NOT NULL CHECK (kind IN ('x25519', 'ed25519')),
    public_key  BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ
);
CREATE UNIQUE INDEX public_keys_one_active_per_kind ON public_keys (user_id, kind) WHERE revoked_at IS NULL;
CREATE INDEX public_keys_user ON public_keys (user_id, created_at);
