package io.panzoto.platform.inbox;

/**
 * A record no attempt can ever process (not an envelope, or a body without what its type promises):
 * consumers let it fail at once, and the channel's failure strategy parks it on the topic's .dlq.
 */
public class UnreadableEventException extends RuntimeException {
    public UnreadableEventException(String reason, Throwable cause) {
        super(reason, cause);
    }

    public UnreadableEventException(String reason) {
        super(reason);
    }
}
