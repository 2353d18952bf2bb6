-- Server-side-encryption tier (uce): a random data key per user, stored only wrapped by an Argon2id key
-- derived from the password (salt and cost kept beside it). e2e users have none of these.
ALTER TABLE users ADD COLUMN data_key_wrapped BYTEA;
ALTER TABLE users ADD COLUMN data_key_salt BYTEA;
ALTER TABLE users ADD COLUMN data_key_memory_kib INT;
ALTER TABLE users ADD COLUMN data_key_iterations INT;

-- Recovery codes: single use, stored as HMAC hashes. For uce users each code also wraps the data key
-- (under an Argon2id key from the code), so a password reset by code loses no data.
CREATE TABLE recovery_codes (
    id                UUID        PRIMARY KEY,
    user_id           UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash         TEXT        NOT NULL UNIQUE,
    data_key_wrapped  BYTEA,
    kdf_salt          BYTEA,
    created_at        TIMESTAMPTZ NOT NULL,
    used_at           TIMESTAMPTZ
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);
