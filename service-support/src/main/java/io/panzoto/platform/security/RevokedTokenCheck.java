package io.panzoto.platform.security;

import io.panzoto.revocation.RevokedSessions;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Refuses, in every service that verifies tokens with smallrye-jwt, a token whose user ended its
 * session after it was issued: the identity fails as an invalid token would (401).
 */
@ApplicationScoped
public class RevokedTokenCheck implements SecurityIdentityAugmentor {
    private final SessionRevocations revocations;

    public RevokedTokenCheck(SessionRevocations revocations) {
        this.revocations = revocations;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.getPrincipal() instanceof JsonWebToken token && token.getSubject() != null) {
            // smallrye-jwt gives the claim as a JSON number, whose text is the number.
            long issuedAt = RevokedSessions.issuedAtMillis(token.getClaim(RevokedSessions.ISSUED_AT_MILLIS_CLAIM), token.getIssuedAtTime());
            if (revocations.isRevoked(token.getSubject(), issuedAt)) {
                return Uni.createFrom().failure(new AuthenticationFailedException("session revoked"));
            }
        }
        return Uni.createFrom().item(identity);
    }
}
