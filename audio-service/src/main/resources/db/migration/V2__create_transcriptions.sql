-- How the recording is encrypted: 'v0' is the Android app's single AES-GCM message, 'v1' the
-- platform's chunked stream (common-crypto StreamingAeadV1, AAD = the object's key).
ALTER TABLE audio_files ADD COLUMN format TEXT NOT NULL DEFAULT 'v0' CHECK (format IN ('v0', 'v1'));

-- Decrypt-and-transcribe jobs. The key a job needs is never here: it travels sealed to the
-- transcriber in the Kafka request and expires with the job. The transcript is sealed under the
-- user's key (AES-256-GCM, AAD = file id), so this table holds no plaintext either.
CREATE TABLE transcription_jobs (
    id             UUID        PRIMARY KEY,
    user_id        UUID        NOT NULL,
    audio_file_id  UUID        NOT NULL REFERENCES audio_files (id) ON DELETE CASCADE,
    status         TEXT        NOT NULL CHECK (status IN ('queued', 'decrypting', 'transcribing', 'done', 'failed')),
    progress       INTEGER     NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    attempts       INTEGER     NOT NULL DEFAULT 0,
    failure_reason TEXT,
    transcript     BYTEA,
    key_expires_at TIMESTAMPTZ NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    finished_at    TIMESTAMPTZ
);
CREATE INDEX transcription_jobs_by_user ON transcription_jobs (user_id, created_at DESC);
CREATE INDEX transcription_jobs_by_file ON transcription_jobs (audio_file_id, created_at DESC);
