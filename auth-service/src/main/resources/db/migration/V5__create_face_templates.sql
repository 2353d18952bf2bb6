-- Face enrolment (issue #21): only the template (the averaged embedding) is kept, sealed with
-- AES-256-GCM under a key derived from the key-encryption key, the AAD binding the user. Never a photo.
CREATE TABLE face_templates (
    user_id      UUID PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    template     BYTEA NOT NULL,
    photos       SMALLINT NOT NULL CHECK (photos > 0),
    -- Whether password login also asks for the face (the pending grant below).
    login_factor BOOLEAN NOT NULL DEFAULT FALSE,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);

-- A password login of an account with the face factor on, waiting for its face: the grant's token is
-- kept only as a keyed hash; a uce account's data-key ticket (sealed to diary-service) waits here too.
CREATE TABLE face_login_grants (
    token_hash         TEXT PRIMARY KEY,
    user_id            UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_id         UUID NOT NULL,
    data_key_ticket    TEXT,
    ticket_expires_at  TIMESTAMPTZ,
    attempts_left      SMALLINT NOT NULL CHECK (attempts_left >= 0),
    expires_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX face_login_grants_user ON face_login_grants (user_id);
CREATE INDEX face_login_grants_expiry ON face_login_grants (expires_at);
