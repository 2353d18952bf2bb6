-- Journal entries. The body is never plaintext: for uce it is sealed by the service (common-crypto's
-- RecordSealer under the user's data key, AAD = user, entry, sealed_version); for e2e it is the
-- client's ciphertext (with its nonce). content_hash is SHA-256 of the stored body, which the history
-- chain covers; it says nothing about the plaintext.
CREATE TABLE entries (
    id             UUID        PRIMARY KEY,
    user_id        UUID        NOT NULL,
    tier           TEXT        NOT NULL CHECK (tier IN ('e2e', 'uce')),
    version        INT         NOT NULL,
    entry_date     DATE        NOT NULL,
    source         TEXT        NOT NULL,
    body           BYTEA       NOT NULL,
    nonce          BYTEA,
    sealed_version INT         NOT NULL,
    content_hash   BYTEA       NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    deleted_at     TIMESTAMPTZ,
    -- Blind-index tokens of the entry's terms (uce: HMAC under a key derived from the data key; e2e: the
    -- client's own), never the terms.
    search_tokens  TEXT[]      NOT NULL DEFAULT '{}'
);

-- The list's order and cursor: newest entry date first, then newest id.
CREATE INDEX entries_by_user_date ON entries (user_id, entry_date DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX entries_trash ON entries (user_id, deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX entries_search ON entries USING GIN (search_tokens);

-- Tags: a blind token (uce: HMAC of the normalised name; e2e: the client's) to find them by name, and
-- the name sealed (uce, RecordSealer with the tag id) or the client's ciphertext (e2e).
CREATE TABLE tags (
    id         UUID        PRIMARY KEY,
    user_id    UUID        NOT NULL,
    token      TEXT        NOT NULL,
    name       BYTEA       NOT NULL,
    nonce      BYTEA,
    kind       TEXT        NOT NULL CHECK (kind IN ('user', 'auto')),
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (user_id, token)
);

CREATE TABLE entry_tags (
    entry_id UUID NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    tag_id   UUID NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (entry_id, tag_id)
);
CREATE INDEX entry_tags_by_tag ON entry_tags (tag_id);

-- Tamper-evident history: one row per change, each hashing the one before it (see HistoryChain).
-- prior_* hold the body an update replaced, as it was stored (sealed or the client's ciphertext).
CREATE TABLE entry_events (
    entry_id       UUID        NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    version        INT         NOT NULL,
    change         TEXT        NOT NULL CHECK (change IN ('created', 'updated', 'deleted', 'restored')),
    content_hash   BYTEA       NOT NULL,
    prior_body     BYTEA,
    prior_nonce    BYTEA,
    prior_sealed_version INT,
    previous_hash  BYTEA       NOT NULL,
    hash           BYTEA       NOT NULL,
    occurred_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (entry_id, version)
);
