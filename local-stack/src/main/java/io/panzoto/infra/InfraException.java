package io.panzoto.infra;

/** The local infrastructure could not be started or used; the message says what and where to look. */
public class InfraException extends RuntimeException {
    public InfraException(String message) {
        super(message);
    }

    public InfraException(String message, Throwable cause) {
        super(message, cause);
    }
}
