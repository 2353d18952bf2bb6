-- Photos, audio and video attached to the diary (issue #19). The bytes live in S3 under
-- diary/{user}/{id}: for uce sealed by this service (common-crypto's streaming v1 under a per-file key,
-- stored here only wrapped by the user's data key); for e2e the client's own ciphertext, opaque.
-- stored_bytes (and a uce thumbnail's) count against the user's quota; an upload in flight holds
-- reserved_bytes until it is stored or discarded.
CREATE TABLE media (
    id               UUID        PRIMARY KEY,
    user_id          UUID        NOT NULL,
    entry_id         UUID        REFERENCES entries (id) ON DELETE SET NULL,
    tier             TEXT        NOT NULL CHECK (tier IN ('e2e', 'uce')),
    kind             TEXT        NOT NULL CHECK (kind IN ('photo', 'audio', 'video')),
    content_type     TEXT,
    s3_key           TEXT        NOT NULL UNIQUE,
    status           TEXT        NOT NULL CHECK (status IN ('uploading', 'stored')),
    reserved_bytes   BIGINT      NOT NULL DEFAULT 0 CHECK (reserved_bytes >= 0),
    stored_bytes     BIGINT      CHECK (stored_bytes >= 0),
    plaintext_bytes  BIGINT,
    wrapped_key      BYTEA,
    chunk_bytes      INT,
    thumbnail_key    TEXT,
    thumbnail_bytes  BIGINT,
    created_at       TIMESTAMPTZ NOT NULL,
    -- An upload not stored by then (a presigned PUT never completed) gives its reservation back.
    expires_at       TIMESTAMPTZ,
    CHECK (tier = 'e2e' OR status = 'uploading' OR wrapped_key IS NOT NULL)
);
CREATE INDEX media_by_user ON media (user_id, created_at DESC, id DESC);
CREATE INDEX media_by_entry ON media (entry_id) WHERE entry_id IS NOT NULL;
