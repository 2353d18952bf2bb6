package io.panzoto.platform.security;

import io.panzoto.platform.errors.ApiException;
import io.panzoto.revocation.RevokedSessions;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The signed-in user of this request, in every service that verifies tokens with smallrye-jwt: from the
 * access token auth-service signed (verified against auth-service's JWKS: issuer, audience, expiry and
 * signature; an ended session is refused by RevokedTokenCheck before this is reached).
 */
@RequestScoped
public class Caller {
    private final JsonWebToken token;

    /** An Instance: a service without smallrye-jwt has no token bean, and then no caller (401). */
    public Caller(Instance<JsonWebToken> token) {
        this.token = token.isResolvable() ? token.get() : null;
    }

    /** The verified token as sent, to ask auth-service on the caller's behalf. */
    public String bearer() {
        userId();
        return "Bearer " + token.getRawToken();
    }

    /** The account's tier ({@code e2e} or {@code uce}), as the token states it. */
    public String tier() {
        userId();
        return token.getClaim("tier");
    }

    /**
     * The login session the token belongs to (its {@code sid}: the refresh-token family), which a logout
     * ends; null for a token that names none.
     */
    public UUID sessionId() {
        userId();
        Object session = token.getClaim(RevokedSessions.SESSION_CLAIM);
        try {
            return session == null ? null : UUID.fromString(session.toString());
        } catch (IllegalArgumentException e) {
            throw ApiException.unauthorized("token_invalid", AuthErrorMapper.INVALID.error());
        }
    }

    /** The user id, or 401 when the request carries no valid token. */
    public UUID userId() {
        String subject = token == null ? null : token.getSubject();
        if (subject == null) {
            throw ApiException.unauthorized("token_missing", AuthErrorMapper.MISSING.error());
        }
        try {
            return UUID.fromString(subject);
        } catch (IllegalArgumentException e) {
            throw ApiException.unauthorized("token_invalid", AuthErrorMapper.INVALID.error());
        }
    }
}
