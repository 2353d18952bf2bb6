package io.panzoto.diary.keys;

import io.panzoto.revocation.RevokedSessions;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who asks: the verified user, the login session and tier their token states, and the data-key ticket
 * their request carried.
 */
public record Asker(UUID userId, UUID sessionId, String tier, String ticket) {
    /** The asker of a plain Vert.x route: its verified token's user, session and tier. */
    public static Asker of(JsonWebToken token, String ticket) {
        Object session = token.getClaim(RevokedSessions.SESSION_CLAIM);
        Object tier = token.getClaim("tier");
        return new Asker(UUID.fromString(token.getSubject()), session == null ? null : UUID.fromString(session.toString()),
                tier == null ? null : tier.toString(), ticket);
    }

    public boolean uce() {
        return "uce".equals(tier);
    }

    @Override
    public String toString() {
        return "Asker[" + userId + ", " + tier + "]";
    }
}
