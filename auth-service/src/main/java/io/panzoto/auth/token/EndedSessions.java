package io.panzoto.auth.token;

import io.panzoto.auth.config.AuthConfig;
import io.panzoto.auth.events.SessionEnded;
import io.panzoto.auth.events.SessionsRevoked;
import io.panzoto.platform.outbox.Outbox;
import io.panzoto.revocation.SessionRevocations;
import io.panzoto.revocation.RevokedSessions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Ends one session (a logout) or every session of a user at once (logout-all, password change, recovery,
 * deletion): the refresh tokens are revoked, and the session, or every access token issued before now, is
 * announced void on
 * {@value RevokedSessions#TOPIC}, which the gateway and every service read; this service applies it at
 * once. The tokens a password change hands back are issued after the instant, so they stay valid.
 */
@ApplicationScoped
public class EndedSessions {
    private final RefreshTokens refreshTokens;
    private final Outbox outbox;
    private final SessionRevocations revocations;
    private final Duration longestTokenLife;

    public EndedSessions(AuthConfig config, RefreshTokens refreshTokens, Outbox outbox, SessionRevocations revocations) {
        // A ticket lives as long as the session's refresh tokens; an access token never longer than either.
        this.longestTokenLife = Collections.max(List.of(config.refreshTokenTtl(), config.dataKeyTicketTtl(),
                config.accessTokenTtl(), config.seedClientTokenTtl()));
        this.refreshTokens = refreshTokens;
        this.outbox = outbox;
        this.revocations = revocations;
    }

    /**
     * Ends one session (a logout; its refresh tokens are the caller's to revoke): every access token and
     * data-key ticket naming it is void, announced until the longest of them could have lived.
     */
    public Uni<Void> endOne(UUID userId, UUID sessionId) {
        long until = System.currentTimeMillis() + longestTokenLife.toMillis();
        return outbox.append(SessionsRevoked.TOPIC, SessionsRevoked.TOPIC, 1, userId.toString(),
                        new SessionEnded(userId.toString(), sessionId.toString(), until))
                .invoke(() -> revocations.endSession(sessionId.toString(), until)).replaceWithVoid();
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
