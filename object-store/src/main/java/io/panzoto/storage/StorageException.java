package io.panzoto.storage;

/**
 * Why an object-store call failed, in the terms callers decide on: the object is not there, the store
 * refused the request (a 4xx: retrying will not help), or the store could not be reached or failed
 * (retrying later may). The SDK's exception types stay inside this module.
 */
public class StorageException extends RuntimeException {
    public enum Kind { MISSING, REFUSED, UNAVAILABLE }

    private final Kind kind;

    StorageException(Kind kind, Throwable cause) {
        super(kind.name().toLowerCase() + ": " + cause.getClass().getSimpleName(), cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
