-- SecureSession (seed 004): ephemeral end-to-end sessions between signed-in users. The server holds
-- ciphertext and ids only; a session and everything in it is deleted when it ends (TTL, DELETE, account
-- deletion), not marked: nothing of a destroyed session remains.
CREATE TABLE secure_sessions (
    id                  UUID        PRIMARY KEY,
    created_by          UUID        NOT NULL,
    burn_after_reading  BOOLEAN     NOT NULL DEFAULT FALSE,
    max_messages        INTEGER     CHECK (max_messages > 0),
    -- Kept by every post in the same statement, so max_messages holds under concurrent senders.
    message_count       INTEGER     NOT NULL DEFAULT 0 CHECK (message_count >= 0),
    created_at          TIMESTAMPTZ NOT NULL,
    expires_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX secure_sessions_expiry ON secure_sessions (expires_at);

CREATE TABLE secure_session_participants (
    session_id  UUID        NOT NULL REFERENCES secure_sessions (id) ON DELETE CASCADE,
    user_id     UUID        NOT NULL,
    joined_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (session_id, user_id)
);
CREATE INDEX secure_session_participants_by_user ON secure_session_participants (user_id);

-- Client-encrypted (AES-256-GCM or XChaCha20-Poly1305 under the session key the participants derive).
CREATE TABLE secure_session_messages (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id  UUID        NOT NULL REFERENCES secure_sessions (id) ON DELETE CASCADE,
    sender_id   UUID        NOT NULL,
    algorithm   TEXT        NOT NULL,
    nonce       BYTEA       NOT NULL,
    ciphertext  BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX secure_session_messages_by_session ON secure_session_messages (session_id, id);
