-- Imports and publishing (issue #19).

-- The key imports are sealed to while the user is away (libsodium sealed boxes): for uce an X25519 pair
-- made here, its private half kept only wrapped by the user's data key (KeyWrap), so imported posts wait
-- sealed until the user's next request with a ticket re-seals them under the data key; for e2e the
-- X25519 key the user registered at auth-service (public half only: their client opens the posts).
CREATE TABLE inbox_keys (
    user_id             UUID        PRIMARY KEY,
    tier                TEXT        NOT NULL CHECK (tier IN ('e2e', 'uce')),
    public_key          BYTEA       NOT NULL,
    wrapped_private_key BYTEA,
    created_at          TIMESTAMPTZ NOT NULL,
    CHECK (tier = 'e2e' OR wrapped_private_key IS NOT NULL)
);

-- Where the next Graph import starts (Graph's since): the newest post time of the last import that ended.
ALTER TABLE integration_accounts ADD COLUMN synced_until TIMESTAMPTZ;

-- One import: from Graph (a Kafka job) or from an uploaded "Download Your Information" export.
CREATE TABLE import_jobs (
    id             UUID        PRIMARY KEY,
    user_id        UUID        NOT NULL,
    provider       TEXT        NOT NULL,
    kind           TEXT        NOT NULL CHECK (kind IN ('graph', 'export')),
    requested_by   TEXT        NOT NULL CHECK (requested_by IN ('user', 'schedule')),
    status         TEXT        NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    pages          INT         NOT NULL DEFAULT 0,
    posts_seen     INT         NOT NULL DEFAULT 0,
    imported       INT         NOT NULL DEFAULT 0,
    duplicates     INT         NOT NULL DEFAULT 0,
    skipped        INT         NOT NULL DEFAULT 0,
    failed         INT         NOT NULL DEFAULT 0,
    retries        INT         NOT NULL DEFAULT 0,
    failure_reason TEXT,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    finished_at    TIMESTAMPTZ
);
CREATE INDEX import_jobs_by_user ON import_jobs (user_id, created_at DESC);
-- At most one unfinished import of a kind per user and provider: a scheduled sync and a user's request
-- (or two replicas' schedulers) cannot both start one.
CREATE UNIQUE INDEX import_jobs_one_unfinished ON import_jobs (user_id, provider, kind) WHERE status IN ('queued', 'running');

-- Every post imported, once: by (provider, external id) and by a keyed hash of its time and text
-- (HMAC under a key of this service, so the same post from Graph and from an export is one entry, and
-- a database dump cannot test guesses of the text). sealed: a uce post waiting, sealed to the inbox key,
-- for the user's next unlock; entry_id: the entry it became.
CREATE TABLE external_posts (
    user_id     UUID        NOT NULL,
    provider    TEXT        NOT NULL,
    external_id TEXT        NOT NULL,
    content_mac TEXT        NOT NULL,
    posted_at   TIMESTAMPTZ NOT NULL,
    job_id      UUID,
    sealed      BYTEA,
    entry_id    UUID        REFERENCES entries (id) ON DELETE SET NULL,
    imported_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, provider, external_id),
    UNIQUE (user_id, content_mac)
);
CREATE INDEX external_posts_waiting ON external_posts (user_id, posted_at) WHERE sealed IS NOT NULL;

-- An entry as published to a Facebook Page: once per (entry, page). 'publishing' claims it while Graph
-- is asked, so two requests cannot post it twice.
CREATE TABLE published_entries (
    entry_id     UUID        NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    page_id      TEXT        NOT NULL,
    user_id      UUID        NOT NULL,
    status       TEXT        NOT NULL CHECK (status IN ('publishing', 'published')),
    post_id      TEXT,
    published_at TIMESTAMPTZ,
    claimed_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (entry_id, page_id)
);

-- An e2e entry is the client's ciphertext; an imported one is a libsodium sealed box to the user's
-- registered X25519 key (no nonce), which the client opens and may re-encrypt.
ALTER TABLE entries ADD COLUMN body_format TEXT NOT NULL DEFAULT 'client' CHECK (body_format IN ('client', 'sealed_box'));
