package io.panzoto.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

class VerifiedTokenCacheTest {
    private static final Instant START = Instant.parse("2026-12-02T03:00:00Z");
    private final AtomicInteger verifications = new AtomicInteger();
    private Instant now = START;

    /** Stands for the RS256 check: counts its calls, accepts tokens named "good-…" expiring as told. */
    private final JWTCallerPrincipalFactory verifier = new JWTCallerPrincipalFactory() {
        @Override
        public JWTCallerPrincipal parse(String token, JWTAuthContextInfo info) throws ParseException {
            verifications.incrementAndGet();
            if (!token.startsWith("good-")) {
                throw new ParseException("bad signature");
            }
            JwtClaims claims = new JwtClaims();
            claims.setSubject("user");
            claims.setExpirationTime(NumericDate.fromSeconds(START.getEpochSecond() + Long.parseLong(token.substring(5))));
            return new DefaultJWTCallerPrincipal(token, "JWT", claims);
        }
    };

    private final VerifiedTokenCache cache = new VerifiedTokenCache(verifier, new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @Test
    void aVerifiedTokenIsCheckedOnceUntilItExpires() throws ParseException {
        JWTCallerPrincipal first = cache.parse("good-60", null);
        now = START.plusSeconds(59);
        assertSame(first, cache.parse("good-60", null));
        assertEquals(1, verifications.get());
        now = START.plusSeconds(60);
        cache.parse("good-60", null);
        assertEquals(2, verifications.get(), "an expired token goes back to the verifier, which refuses it in real life");
    }

    @Test
    void aLongLivedTokenIsCheckedAgainAfterFiveMinutes() throws ParseException {
        long thirtyDays = Duration.ofDays(30).toSeconds();
        cache.parse("good-" + thirtyDays, null);
        now = START.plus(VerifiedTokenCache.LONGEST_KEEP).minusSeconds(1);
        cache.parse("good-" + thirtyDays, null);
        assertEquals(1, verifications.get());
        now = START.plus(VerifiedTokenCache.LONGEST_KEEP);
        cache.parse("good-" + thirtyDays, null);
        assertEquals(2, verifications.get(), "a withdrawn signing key stops working within the keep period");
    }

    @Test
    void aRefusedTokenIsRefusedEveryTime() {
        assertThrows(ParseException.class, () -> cache.parse("forged", null));
        assertThrows(ParseException.class, () -> cache.parse("forged", null));
        assertEquals(2, verifications.get());
    }
}
