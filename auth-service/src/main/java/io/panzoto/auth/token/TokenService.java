package io.panzoto.auth.token;

import io.panzoto.auth.token.TokenResource.TokenPair;
import io.panzoto.auth.user.User;
import io.panzoto.platform.errors.Outcome;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Refresh-token rotation and logout, one transaction each. */
@ApplicationScoped
public class TokenService {
    private final RefreshTokens refreshTokens;
    private final AccessTokens accessTokens;
    private final EndedSessions endedSessions;

    public TokenService(RefreshTokens refreshTokens, AccessTokens accessTokens, EndedSessions endedSessions) {
        this.refreshTokens = refreshTokens;
        this.accessTokens = accessTokens;
        this.endedSessions = endedSessions;
    }

    /**
     * A new pair for a live refresh token. A reused one is refused as an {@link Outcome}, so that the
     * revocation of its whole family commits before the 401 is thrown.
     */
    @WithTransaction
    public Uni<Outcome<TokenPair>> refresh(String presented) {
        return refreshTokens.rotate(presented).chain(outcome -> {
            if (outcome.error() != null) {
                return Uni.createFrom().item(Outcome.<TokenPair>failed(outcome.error()));
            }
            RefreshTokens.Rotation rotation = outcome.value();
            return User.<User>findById(rotation.userId()).map(user -> {
                AccessTokens.Issued access = accessTokens.issue(user.id, rotation.sessionId(), user.tier);
                return Outcome.ok(new TokenPair(access.token(), "Bearer", access.expiresInSeconds(), rotation.newToken()));
            });
        });
    }

    /** Ends the presented token's session: its refresh tokens, its access tokens, its data-key tickets. */
    @WithTransaction
    public Uni<Void> logout(String presented) {
        return refreshTokens.revoke(presented).chain(row -> endedSessions.endOne(row.userId, row.familyId));
    }

    /** Ends every session of the user; answers how many refresh tokens were still live. */
    @WithTransaction
    public Uni<Integer> logoutEverywhere(UUID userId) {
        return endedSessions.endAll(userId);
    }
}
