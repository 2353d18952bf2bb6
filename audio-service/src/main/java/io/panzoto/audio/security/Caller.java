package io.panzoto.audio.security;

import io.panzoto.platform.errors.ApiException;
import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The signed-in user of this request, from the access token auth-service signed (verified by
 * smallrye-jwt against auth-service's JWKS: issuer, audience, expiry and signature).
 */
@RequestScoped
public class Caller {
    private final JsonWebToken token;

    public Caller(JsonWebToken token) {
        this.token = token;
    }

    /** The verified token as sent, to ask auth-service on the caller's behalf. */
    public String bearer() {
        userId();
        return "Bearer " + token.getRawToken();
    }

    /** The user id, or 401 when the request carries no valid token. */
    public UUID userId() {
        String subject = token == null ? null : token.getSubject();
        if (subject == null) {
            throw ApiException.unauthorized("unauthorized", "a valid access token is required");
        }
        try {
            return UUID.fromString(subject);
        } catch (IllegalArgumentException e) {
            throw ApiException.unauthorized("unauthorized", "a valid access token is required");
        }
    }
}
