package io.panzoto.platform.errors;

import java.time.Duration;
import java.util.Optional;

/** A domain error with the HTTP status and stable code a client can act on. */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final Duration retryAfter;

    public ApiException(int status, String code, String message) {
        this(status, code, message, null);
    }

    private ApiException(int status, String code, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    /** 429 with a Retry-After header of the given wait. */
    public static ApiException tooManyRequests(String code, String message, Duration retryAfter) {
        return new ApiException(429, code, message, retryAfter);
    }

    /** 503 with a Retry-After header: the service is busy, the request was not started. */
    public static ApiException serviceUnavailable(String code, String message, Duration retryAfter) {
        return new ApiException(503, code, message, retryAfter);
    }

    public static ApiException unauthorized(String code, String message) {
        return new ApiException(401, code, message);
    }

    public static ApiException conflict(String code, String message) {
        return new ApiException(409, code, message);
    }

    /** How long the client should wait before retrying, if the error says so. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }
}
