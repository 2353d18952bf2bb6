-- SecureSession's forward-secret key exchange: each participant's ephemeral X25519 public key for one
-- session, signed by the Ed25519 identity key the participant registered at auth-service. Public
-- material only; the private halves never leave the clients, and the rows die with the session.
CREATE TABLE secure_session_keys (
    session_id       UUID        NOT NULL REFERENCES secure_sessions (id) ON DELETE CASCADE,
    user_id          UUID        NOT NULL,
    public_key       BYTEA       NOT NULL CHECK (length(public_key) = 32),
    signature        BYTEA       NOT NULL CHECK (length(signature) = 64),
    identity_key_id  UUID        NOT NULL,
    identity_key     BYTEA       NOT NULL CHECK (length(identity_key) = 32),
    created_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (session_id, user_id)
);
