package io.panzoto.tokens;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * smallrye-jwt's token parser with a memory: a bearer token verified once (RS256 against auth-service's
 * JWKS, issuer, audience, expiry) is answered from here until it expires, and for five minutes at most,
 * so a signing key auth-service withdraws stops working here as soon as the JWKS would tell. Whether the
 * token's session has ended is not remembered: RevokedTokenCheck asks on every request. The RSA check
 * was the largest single cost of a cheap request (43% of auth's {@code /me}, 19% of a diary get).
 */
@ApplicationScoped
@Alternative
@Priority(0)
public class VerifiedTokenCache extends JWTCallerPrincipalFactory {
    static final int MAX_ENTRIES = 10_000;
    static final Duration LONGEST_KEEP = Duration.ofMinutes(5);

    private final JWTCallerPrincipalFactory verifier;
    private final Clock clock;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(JWTCallerPrincipal principal, long keepUntilMillis) {
    }

    public VerifiedTokenCache() {
        this(new DefaultJWTCallerPrincipalFactory(), Clock.systemUTC());
    }

    /** For a service that verifies its tokens another way (auth-service, against the keys it holds). */
    protected VerifiedTokenCache(JWTCallerPrincipalFactory verifier) {
        this(verifier, Clock.systemUTC());
    }

    VerifiedTokenCache(JWTCallerPrincipalFactory verifier, Clock clock) {
        this.verifier = verifier;
        this.clock = clock;
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo authContextInfo) throws ParseException {
        long now = clock.millis();
        Verified known = verified.get(token);
        if (known != null && now < known.keepUntilMillis()) {
            return known.principal();
        }
        // A refusal is not remembered: it throws here, every time.
        JWTCallerPrincipal principal = verifier.parse(token, authContextInfo);
        long keepUntil = Math.min(principal.getExpirationTime() * 1000, now + LONGEST_KEEP.toMillis());
        if (verified.size() >= MAX_ENTRIES) {
            verified.clear(); // bounded; live tokens come back at their next request
        }
        verified.put(token, new Verified(principal, keepUntil));
        return principal;
    }
}
