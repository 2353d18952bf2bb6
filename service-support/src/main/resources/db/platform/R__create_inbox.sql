-- Inbox: the events each consumer has applied (Inbox.once), so a redelivery is applied once only.
-- Repeatable and idempotent so that it reaches every service whatever its own migrations' versions;
-- a change here must stay idempotent (IF NOT EXISTS), as it runs again on every service when it changes.
CREATE TABLE IF NOT EXISTS inbox_events (
    consumer     TEXT        NOT NULL,
    event_id     UUID        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (consumer, event_id)
);
-- Pruning (old claims outlive every redelivery) reads by age.
CREATE INDEX IF NOT EXISTS inbox_events_processed_at ON inbox_events (processed_at);
