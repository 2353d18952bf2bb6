package io.panzoto.auth.account;

import io.panzoto.auth.token.AccessTokens;
import io.panzoto.auth.token.RefreshTokens;
import io.panzoto.auth.user.User;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** A new session: an access token and a refresh token, answered in the Android app's shape. */
@ApplicationScoped
public class Sessions {
    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;

    public Sessions(AccessTokens accessTokens, RefreshTokens refreshTokens) {
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
    }

    /** As the seed routes (register, login) answer it: a token that lives as the seed's did. */
    public Uni<AuthResponse> seedClient(User user) {
        return start(user, accessTokens.issueForSeedClient(user.id, user.tier));
    }

    /** For the /api/v1 flows (password change, recovery): a short-lived token and its refresh token. */
    public Uni<AuthResponse> refreshable(User user) {
        return start(user, accessTokens.issue(user.id, user.tier));
    }

    private Uni<AuthResponse> start(User user, AccessTokens.Issued access) {
        return refreshTokens.issue(user.id, null)
                .map(refresh -> AuthResponse.of(user, access.token(), access.expiresInSeconds(), refresh));
    }
}
