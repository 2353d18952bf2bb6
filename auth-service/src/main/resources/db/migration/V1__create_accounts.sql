-- Accounts: one store behind the Android and SecureSession clients.
CREATE TABLE users (
    id              UUID        PRIMARY KEY,
    email           TEXT        NOT NULL UNIQUE,          -- normalised: trimmed, lower-case, IDN as ASCII
    password_hash   TEXT        NOT NULL,                 -- Argon2id PHC string
    key_salt        BYTEA       NOT NULL,                 -- 32 random bytes; clients derive their keys with it
    tier            TEXT        NOT NULL CHECK (tier IN ('e2e', 'uce')),
    display_name    TEXT,
    failed_logins   INT         NOT NULL DEFAULT 0,       -- consecutive failures (brute-force protection)
    locked_until    TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);

-- Refresh tokens: opaque to clients, stored as HMAC hashes, single use, grouped in families so that
-- a reused token revokes every token descended from the same login.
CREATE TABLE refresh_tokens (
    id           UUID        PRIMARY KEY,
    user_id      UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id    UUID        NOT NULL,
    token_hash   TEXT        NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    used_at      TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

-- Access-token signing keys (RS256). The private key is stored only wrapped under the service's
-- key-encryption key; the public key is published in the JWKS until its last token has expired.
CREATE TABLE signing_keys (
    kid                  TEXT        PRIMARY KEY,
    algorithm            TEXT        NOT NULL,
    public_key           BYTEA       NOT NULL,
    private_key_wrapped  BYTEA       NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL,
    retired_at           TIMESTAMPTZ
);
