package io.panzoto.platform.errors;

/**
 * A result or an error to report only after the transaction commits: a failed login must still
 * count the failure, a reused refresh token must still revoke its family, though the answer is 4xx.
 * Throwing inside the transaction would roll those writes back.
 */
public record Outcome<T>(T value, ApiException error) {
    public static <T> Outcome<T> ok(T value) {
        return new Outcome<>(value, null);
    }

    public static <T> Outcome<T> failed(ApiException error) {
        return new Outcome<>(null, error);
    }

    /** The value, or the error thrown now that the transaction is over. */
    public T orThrow() {
        if (error != null) {
            throw error;
        }
        return value;
    }
}
