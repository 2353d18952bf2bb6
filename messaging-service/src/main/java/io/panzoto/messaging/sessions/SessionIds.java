package io.panzoto.messaging.sessions;

import io.panzoto.platform.errors.ApiException;
import java.util.UUID;

/** Ids in paths and parameters: a malformed id is as unknown as another user's, 404 either way. */
public final class SessionIds {
    private SessionIds() {
    }

    public static UUID parse(String value, String notFound) {
        try {
            return UUID.fromString(value == null ? "" : value.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound(notFound);
        }
    }
}
