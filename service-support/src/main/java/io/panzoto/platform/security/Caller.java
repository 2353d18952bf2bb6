package io.panzoto.platform.security;

import io.panzoto.platform.errors.ApiException;
import io.panzoto.revocation.RevokedSessions;
import jakarta.enterprise.context.RequestScoped;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import java.util.Collection;
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
    @Inject
    public Caller(Instance<JsonWebToken> token) {
        this.token = token.isResolvable() ? token.get() : null;
    }

    /**
     * The caller of an identity a route resolved itself (a public route that also takes a token reads it
     * on demand, without blocking); any principal but a verified token is no caller (401).
     */
    public static Caller of(SecurityIdentity identity) {
        return new Caller(identity.getPrincipal() instanceof JsonWebToken token ? token : null);
    }

    private Caller(JsonWebToken token) {
        this.token = token;
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

    /**
     * Whether the token says the user proved themselves with this method (its RFC 8176 {@code amr}
     * claim: {@code pwd}, and {@code face} on auth-service's short-lived face step-up tokens).
     */
    public boolean authenticatedWith(String method) {
        userId();
        Object methods = token.getClaim("amr");
        if (methods instanceof JsonArray array) {
            return array.stream().anyMatch(value -> value instanceof JsonString text && text.getString().equals(method));
        }
        return methods instanceof Collection<?> collection && collection.contains(method);
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
