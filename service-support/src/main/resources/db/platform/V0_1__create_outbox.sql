-- Transactional outbox: an event is written in the same transaction as the state change it
-- describes, and the relay publishes it to Kafka afterwards, so a Kafka outage loses nothing.
CREATE TABLE outbox_events (
    id             BIGSERIAL PRIMARY KEY,
    event_id       UUID        NOT NULL UNIQUE,
    topic          TEXT        NOT NULL,
    aggregate_id   TEXT        NOT NULL,
    event_type     TEXT        NOT NULL,
    payload        TEXT        NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at   TIMESTAMPTZ,
    attempts       INT         NOT NULL DEFAULT 0,
    last_error     TEXT
);

-- The relay's query: oldest unpublished first.
CREATE INDEX outbox_events_unpublished ON outbox_events (id) WHERE published_at IS NULL;
