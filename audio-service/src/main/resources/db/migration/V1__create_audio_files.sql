-- What audio-service knows of each user, learned from auth.user-registered: the key salt clients and
-- this service derive the Android audio key with (PBKDF2-SHA256). No password data is kept here.
CREATE TABLE user_keys (
    user_id       UUID        PRIMARY KEY,
    key_salt      BYTEA       NOT NULL,
    tier          TEXT        NOT NULL,
    registered_at TIMESTAMPTZ NOT NULL
);

-- Events already applied, so a redelivered event changes nothing.
CREATE TABLE processed_events (
    event_id     UUID        PRIMARY KEY,
    processed_at TIMESTAMPTZ NOT NULL
);

-- Records of encrypted recordings in S3 (audio/{user_id}/...). Every lookup is scoped by user.
CREATE TABLE audio_files (
    id          UUID        PRIMARY KEY,
    user_id     UUID        NOT NULL,
    s3_key      TEXT        NOT NULL,
    file_size   BIGINT      NOT NULL CHECK (file_size >= 0),
    created_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (user_id, s3_key)
);
CREATE INDEX audio_files_newest_first ON audio_files (user_id, created_at DESC, id DESC);
