package io.panzoto.platform.security;

import io.panzoto.revocation.RevokedSessions;
import io.panzoto.revocation.SessionRevocations;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Refuses, in every service that verifies tokens with smallrye-jwt, a token whose user ended its
 * session after it was issued (a logout ends its session, logout-all every one): the identity fails as an
 * invalid token would (401).
 */
@ApplicationScoped
public class RevokedTokenCheck implements SecurityIdentityAugmentor {
    private final SessionRevocations revocations;

    public RevokedTokenCheck(SessionRevocations revocations) {
        this.revocations = revocations;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.getPrincipal() instanceof JsonWebToken token && isRevoked(token)) {
            return Uni.createFrom().failure(new AuthenticationFailedException("session revoked"));
        }
        return Uni.createFrom().item(identity);
    }

    /** For a route that parses its token itself (outside the security layer). */
    public boolean isRevoked(JsonWebToken token) {
        if (token.getSubject() == null) {
            return false;
        }
        // smallrye-jwt gives the claim as a JSON number, whose text is the number.
        long issuedAt = RevokedSessions.issuedAtMillis(token.getClaim(RevokedSessions.ISSUED_AT_MILLIS_CLAIM), token.getIssuedAtTime());
        Object session = token.getClaim(RevokedSessions.SESSION_CLAIM);
        return revocations.isRevoked(token.getSubject(), session == null ? null : session.toString(), issuedAt);
    }
}
