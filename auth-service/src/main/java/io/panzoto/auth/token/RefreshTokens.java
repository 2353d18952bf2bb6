package io.panzoto.auth.token;

import io.panzoto.auth.config.AuthConfig;
import io.panzoto.crypto.token.Tokens;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.errors.Outcome;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Opaque, single-use refresh tokens in families (one family per login). Presenting a token twice
 * means it was stolen or replayed: the whole family is revoked, the thief's copy and the user's alike.
 * Methods run inside the caller's reactive transaction.
 */
@ApplicationScoped
public class RefreshTokens {
    private static final Logger LOG = Logger.getLogger(RefreshTokens.class);

    private final AuthConfig config;
    private final Tokens hasher;

    public RefreshTokens(AuthConfig config, Tokens hasher) {
        this.config = config;
        this.hasher = hasher;
    }

    /** The user and session a rotated token belongs to, and the new token that replaces it. */
    public record Rotation(UUID userId, UUID sessionId, String newToken) {
        @Override
        public String toString() {
            return "Rotation[" + userId + "]";
        }
    }

    /** Issues a token in a new family (a login: the session's id) or in an existing one (a rotation). */
    public Uni<String> issue(UUID userId, UUID familyId) {
        String token = Tokens.generate();
        RefreshToken row = new RefreshToken();
        row.id = UUID.randomUUID();
        row.userId = userId;
        row.familyId = familyId;
        row.tokenHash = hasher.storageHash(token);
        row.createdAt = Instant.now();
        row.expiresAt = row.createdAt.plus(config.refreshTokenTtl());
        return row.persist().replaceWith(token);
    }

    /** Inside a transaction; a reuse commits the family's revocation and reports the error after. */
    public Uni<Outcome<Rotation>> rotate(String presented) {
        return lockByToken(presented).chain(row -> {
            Instant now = Instant.now();
            if (row.revokedAt != null || row.expiresAt.isBefore(now)) {
                throw ApiException.unauthorized("refresh_invalid", "invalid or expired refresh token");
            }
            if (row.usedAt != null) {
                LOG.warnf("refresh token reuse for user %s: revoking its family", row.userId);
                return revokeFamily(row.familyId).replaceWith(Outcome.<Rotation>failed(
                        ApiException.unauthorized("refresh_reused", "refresh token already used; please log in again")));
            }
            row.usedAt = now;
            return issue(row.userId, row.familyId).map(token -> Outcome.ok(new Rotation(row.userId, row.familyId, token)));
        });
    }

    /** Logout: revokes the presented token's family; answers the token's row (its user and session). */
    public Uni<RefreshToken> revoke(String presented) {
        return lockByToken(presented).call(row -> revokeFamily(row.familyId));
    }

    /** Logout everywhere: revokes every refresh token of the user. */
    public Uni<Integer> revokeAll(UUID userId) {
        return RefreshToken.revokeAllOf(userId, Instant.now());
    }

    private Uni<Void> revokeFamily(UUID familyId) {
        return RefreshToken.revokeFamily(familyId, Instant.now()).replaceWithVoid();
    }

    private Uni<RefreshToken> lockByToken(String presented) {
        if (presented == null || presented.isBlank() || presented.length() > 128) {
            return Uni.createFrom().failure(ApiException.badRequest("refresh_token_required", "refresh_token is required"));
        }
        return RefreshToken.byHashLocked(hasher.storageHash(presented))
                .onItem().ifNull().failWith(() -> ApiException.unauthorized("refresh_invalid", "invalid or expired refresh token"));
    }
}
