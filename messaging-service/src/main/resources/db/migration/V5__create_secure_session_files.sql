-- Files sent in a SecureSession: the client-encrypted blob lives in S3 at s3_key (under
-- sessions/<session id>/, which is deleted whole when the session is destroyed); the row dies with its
-- session. metadata is the client's encrypted name and type: the server never learns either.
CREATE TABLE secure_session_files (
    id              UUID        PRIMARY KEY,
    session_id      UUID        NOT NULL REFERENCES secure_sessions (id) ON DELETE CASCADE,
    uploader_id     UUID        NOT NULL,
    s3_key          TEXT        NOT NULL,
    size_bytes      BIGINT      NOT NULL CHECK (size_bytes > 0),
    metadata        BYTEA,
    -- Bitwarden Send's "maximum access count": the file goes after this many downloads.
    max_downloads   INTEGER     CHECK (max_downloads > 0),
    download_count  INTEGER     NOT NULL DEFAULT 0 CHECK (download_count >= 0),
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX secure_session_files_by_session ON secure_session_files (session_id, created_at);
-- The per-user quota sums a user's files.
CREATE INDEX secure_session_files_by_uploader ON secure_session_files (uploader_id);
