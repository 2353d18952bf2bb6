package io.panzoto.storage;

/** Why a streamed body was not stored: nothing of it remains in the bucket. The caller answers the client. */
public class UploadRefusedException extends RuntimeException {
    public enum Reason {
        /** The body had no bytes. */
        EMPTY,
        /** The body passed the size limit; the rest of it was not read. */
        TOO_LARGE,
        /** The connection failed before the body ended. */
        INCOMPLETE
    }

    private final Reason reason;

    public UploadRefusedException(Reason reason) {
        super(reason.name().toLowerCase(), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
