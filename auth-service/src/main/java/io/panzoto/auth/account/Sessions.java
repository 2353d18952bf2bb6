package io.panzoto.auth.account;

import io.panzoto.auth.token.AccessTokens;
import io.panzoto.auth.token.RefreshTokens;
import io.panzoto.auth.user.User;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * A new login session: its id (the refresh-token family; the access tokens' {@code sid}, which a logout
 * ends), an access token and a refresh token, answered in the Android app's shape.
 */
@ApplicationScoped
public class Sessions {
    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;

    public Sessions(AccessTokens accessTokens, RefreshTokens refreshTokens) {
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
    }

    /** The id of a session about to start: what a data-key ticket sealed before it is bound to. */
    public static UUID newId() {
        return UUID.randomUUID();
    }

    /** As the seed routes (register, login) answer it: a token that lives as the seed's did. */
    public Uni<AuthResponse> seedClient(User user, UUID sessionId) {
        return start(user, sessionId, accessTokens.issueForSeedClient(user.id, sessionId, user.tier));
    }

    /** For the /api/v1 flows (password change, recovery): a short-lived token and its refresh token. */
    public Uni<AuthResponse> refreshable(User user) {
        UUID sessionId = newId();
        return start(user, sessionId, accessTokens.issue(user.id, sessionId, user.tier));
    }

    private Uni<AuthResponse> start(User user, UUID sessionId, AccessTokens.Issued access) {
        return refreshTokens.issue(user.id, sessionId)
                .map(refresh -> AuthResponse.of(user, access.token(), access.expiresInSeconds(), refresh));
    }
}
