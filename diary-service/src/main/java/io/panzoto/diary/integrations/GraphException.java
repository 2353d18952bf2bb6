package io.panzoto.diary.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;

/**
 * An error answer of the Graph API: its HTTP status and Graph's error code
 * (https://developers.facebook.com/docs/graph-api/guides/error-handling). {@link Retryable}: worth
 * another try after a wait — any 5xx, and the throttling codes 4 (app), 17 (user), 32 (page), 613
 * (custom rate limit), plus 1 and 2 (Graph's own transient errors).
 */
public class GraphException extends RuntimeException {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final Set<Integer> THROTTLING = Set.of(4, 17, 32, 613);
    private static final Set<Integer> TRANSIENT = Set.of(1, 2);
    /** The token expired, was revoked or the password changed: the user must connect again. */
    static final int INVALID_TOKEN = 190;

    private final int status;
    private final int code;

    GraphException(int status, int code) {
        super("Graph API answered HTTP " + status + ", code " + code);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public int code() {
        return code;
    }

    public boolean tokenInvalid() {
        return code == INVALID_TOKEN || status == 401;
    }

    /** A failure that passes: Graph failing or throttling. */
    public static final class Retryable extends GraphException {
        Retryable(int status, int code) {
            super(status, code);
        }

        public boolean throttled() {
            return THROTTLING.contains(code());
        }
    }

    /** The exception for an error answer: its body's code read (never logged, it may echo a token). */
    static GraphException of(int status, String body) {
        int code = 0;
        try {
            JsonNode error = MAPPER.readTree(body == null ? "" : body).path("error");
            code = error.path("code").asInt(0);
        } catch (Exception unreadable) {
            // an error page that is not Graph's JSON: the status decides
        }
        return status >= 500 || THROTTLING.contains(code) || TRANSIENT.contains(code) ? new Retryable(status, code) : new GraphException(status, code);
    }
}
