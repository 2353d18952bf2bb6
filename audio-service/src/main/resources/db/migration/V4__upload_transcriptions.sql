-- Transcription started by the upload itself (issue #24): a v1 recording's client seals its per-file
-- key to the transcriber (common-crypto SealedFileKey, bound to the object's key) and sends it with
-- the upload. That box waits here, and only here, while its job is queued or running; the transaction
-- that ends the job erases it. No other table, no topic, no log ever holds it.
ALTER TABLE transcription_jobs
    ADD COLUMN source TEXT NOT NULL DEFAULT 'request' CHECK (source IN ('request', 'upload')),
    ADD COLUMN sealed_file_key BYTEA,
    ADD COLUMN transcriber_key_id TEXT,
    ADD CONSTRAINT transcription_jobs_no_key_after_the_end
        CHECK (sealed_file_key IS NULL OR status NOT IN ('done', 'failed')),
    ADD CONSTRAINT transcription_jobs_upload_key
        CHECK (source = 'request' OR (transcriber_key_id IS NOT NULL));
-- One upload job per recording: audio.uploaded may be delivered again, the job starts once.
CREATE UNIQUE INDEX transcription_jobs_one_per_upload ON transcription_jobs (audio_file_id) WHERE source = 'upload';

-- Where a stopped job resumes (a crash, a rollout): the decoded samples already recognised and the text
-- recognised from them, sealed under the job's own key like the transcript. Cleared when the job ends.
ALTER TABLE transcription_jobs
    ADD COLUMN resume_samples BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN partial_transcript BYTEA;
