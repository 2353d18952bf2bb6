package io.panzoto.auth.token;

import io.panzoto.tokens.VerifiedTokenCache;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import org.eclipse.microprofile.jwt.Claims;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * smallrye-jwt's token parser for the service that signs the tokens: the other services fetch the JWKS
 * over HTTP, but auth-service verifies against the key set it holds (a fetch of its own JWKS would lag a
 * rotation by the JWKS cache's period and depend on its own port). Like theirs, a token verified once is
 * remembered until it expires, five minutes at most (token-cache: the RS256 check was 43% of a
 * {@code /me}). Everything after parsing, the {@code @Authenticated} checks, the ended-session check on
 * every request and the {@code Caller}, is as in every service.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class SignedHereTokens extends VerifiedTokenCache {
    public SignedHereTokens(AccessTokens tokens) {
        super(new SignatureCheck(tokens));
    }

    /** The check itself: signature, issuer, audience and expiry against this service's keys. */
    private static final class SignatureCheck extends JWTCallerPrincipalFactory {
        private final AccessTokens tokens;

        SignatureCheck(AccessTokens tokens) {
            this.tokens = tokens;
        }

        @Override
        public JWTCallerPrincipal parse(String token, JWTAuthContextInfo authContextInfo) throws ParseException {
            try {
                JwtClaims claims = tokens.verify(token);
                claims.setClaim(Claims.raw_token.name(), token);
                return new DefaultJWTCallerPrincipal(token, "JWT", claims);
            } catch (InvalidJwtException e) {
                throw new ParseException("invalid or expired access token", e);
            }
        }
    }
}
