package io.panzoto.auth.token;

import io.panzoto.auth.events.SessionsRevoked;
import io.panzoto.platform.outbox.Outbox;
import io.panzoto.revocation.SessionRevocations;
import io.panzoto.revocation.RevokedSessions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Ends every session of a user at once (logout-all, password change, recovery, deletion): the refresh
 * tokens are revoked, and every access token issued before now is announced void on
 * {@value RevokedSessions#TOPIC}, which the gateway and every service read; this service applies it at
 * once. The tokens a password change hands back are issued after the instant, so they stay valid.
 */
@ApplicationScoped
public class EndedSessions {
    private final RefreshTokens refreshTokens;
    private final Outbox outbox;
    private final SessionRevocations revocations;

    public EndedSessions(RefreshTokens refreshTokens, Outbox outbox, SessionRevocations revocations) {
        this.refreshTokens = refreshTokens;
        this.outbox = outbox;
        this.revocations = revocations;
    }

    /** Within the caller's transaction; answers how many refresh tokens were still live. */
    public Uni<Integer> endAll(UUID userId) {
        long notBefore = System.currentTimeMillis();
        return refreshTokens.revokeAll(userId)
                .call(() -> outbox.append(SessionsRevoked.TOPIC, SessionsRevoked.TOPIC, 1, userId.toString(),
                        new SessionsRevoked(userId.toString(), notBefore)))
                .invoke(() -> revocations.revoke(userId.toString(), notBefore));
    }
}
