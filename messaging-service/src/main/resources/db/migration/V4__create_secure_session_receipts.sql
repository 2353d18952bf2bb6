-- Who has read which message of a SecureSession: in a burn-after-reading session a message is deleted
-- as soon as every participant but its sender has acknowledged it. Receipts go with their message.
CREATE TABLE secure_session_receipts (
    message_id  BIGINT      NOT NULL REFERENCES secure_session_messages (id) ON DELETE CASCADE,
    user_id     UUID        NOT NULL,
    read_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (message_id, user_id)
);
