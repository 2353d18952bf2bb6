-- Simplex links (the PyCrypt messenger's "clients"): a recipient's Ed25519 key, and only HMAC hashes of
-- its link token and fetch token, so a leaked table lets no one send to, read from or find a link.
-- Ids stay integers: the Flutter client's JSON has numeric client_id and message ids.
CREATE TABLE simplex_links (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    link_token_hash  TEXT        NOT NULL UNIQUE,
    fetch_token_hash TEXT        NOT NULL,
    public_key       BYTEA       NOT NULL CHECK (length(public_key) = 32),
    display_name     TEXT,
    -- Kept by every send, ack and purge in the same transaction: the per-link quota is exact under concurrency.
    unseen_count     INTEGER     NOT NULL DEFAULT 0 CHECK (unseen_count >= 0),
    created_at       TIMESTAMPTZ NOT NULL,
    rotated_at       TIMESTAMPTZ
);

-- Sealed boxes as sent; the server cannot open them. Metadata is the sender's optional JSON object.
CREATE TABLE simplex_messages (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    link_id     BIGINT      NOT NULL REFERENCES simplex_links (id) ON DELETE CASCADE,
    ciphertext  BYTEA       NOT NULL,
    metadata    TEXT,
    seen        BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX simplex_messages_by_link ON simplex_messages (link_id, id DESC);
CREATE INDEX simplex_messages_unseen ON simplex_messages (link_id, id DESC) WHERE NOT seen;
CREATE INDEX simplex_messages_expiry ON simplex_messages (expires_at);

-- Outstanding challenges: single use (deleted when presented), short-lived, capped per link.
CREATE TABLE simplex_challenges (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    link_id     BIGINT      NOT NULL REFERENCES simplex_links (id) ON DELETE CASCADE,
    nonce_hash  TEXT        NOT NULL UNIQUE,
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX simplex_challenges_by_link ON simplex_challenges (link_id, expires_at);
CREATE INDEX simplex_challenges_expiry ON simplex_challenges (expires_at);
