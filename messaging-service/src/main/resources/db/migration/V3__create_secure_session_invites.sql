-- Single-use invitations to a SecureSession: only the HMAC hash of the token is kept (as for link
-- tokens), the row goes when it is used, and it dies with its session.
CREATE TABLE secure_session_invites (
    token_hash  TEXT        PRIMARY KEY,
    session_id  UUID        NOT NULL REFERENCES secure_sessions (id) ON DELETE CASCADE,
    created_by  UUID        NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX secure_session_invites_by_session ON secure_session_invites (session_id);
