-- Connected social accounts (issue #19): Facebook first. The access token is kept only sealed
-- (RecordSealer under a key HKDF derives from this service's ticket key, AAD = user, provider);
-- disconnecting deletes it.
CREATE TABLE integration_accounts (
    id               UUID        PRIMARY KEY,
    user_id          UUID        NOT NULL,
    provider         TEXT        NOT NULL CHECK (provider IN ('facebook')),
    external_id      TEXT        NOT NULL,
    display_name     TEXT,
    token_sealed     BYTEA       NOT NULL,
    token_expires_at TIMESTAMPTZ,
    connected_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (user_id, provider)
);

-- An OAuth authorization in flight: the state is kept as its SHA-256 only, the PKCE verifier sealed;
-- single use, ten minutes.
CREATE TABLE oauth_states (
    state_hash     TEXT        PRIMARY KEY,
    user_id        UUID        NOT NULL,
    provider       TEXT        NOT NULL,
    verifier_sealed BYTEA      NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX oauth_states_expiry ON oauth_states (expires_at);
