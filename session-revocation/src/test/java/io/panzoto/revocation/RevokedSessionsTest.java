package io.panzoto.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RevokedSessionsTest {
    private final RevokedSessions sessions = new RevokedSessions(Duration.ofDays(30));

    @Test
    void tokensIssuedBeforeTheRevocationAreVoidAndLaterOnesAreNot() {
        sessions.revoke("alice", 1_000_500);
        assertTrue(sessions.isRevoked("alice", 1_000_499));
        assertFalse(sessions.isRevoked("alice", 1_000_500), "the token issued with the revocation (a password change's) stays");
        assertFalse(sessions.isRevoked("alice", 1_000_900));
        assertFalse(sessions.isRevoked("bob", 1), "another user is untouched");
    }

    @Test
    void anEndedSessionVoidsItsTokensAtAnyIssueTimeAndNoOtherSessions() {
        sessions.endSession("session-1", 5_000);
        assertTrue(sessions.isRevoked("alice", "session-1", 1_000));
        assertTrue(sessions.isRevoked("alice", "session-1", 4_999_999), "however late its token was issued (a refresh)");
        assertFalse(sessions.isRevoked("alice", "session-2", 1_000), "the user's other sessions live on");
        assertFalse(sessions.isRevoked("alice", null, 1_000));
        sessions.revoke("alice", 2_000);
        assertTrue(sessions.isRevoked("alice", "session-2", 1_999), "ending every session reaches named ones too");
        sessions.prune(5_001);
        assertFalse(sessions.isRevoked("alice", "session-1", 3_000), "kept only while a token of it could live");
    }

    @Test
    void anEarlierRevocationReadLaterNeverShortensALaterOne() {
        sessions.revoke("alice", 2_000);
        sessions.revoke("alice", 1_000);
        assertTrue(sessions.isRevoked("alice", 1_500));
    }

    @Test
    void theMillisecondClaimWinsAndIatSecondsAreTheFallback() {
        assertEquals(1_234_567L, RevokedSessions.issuedAtMillis(1_234_567L, 1_234));
        assertEquals(1_234_567L, RevokedSessions.issuedAtMillis("1234567", 1_234));
        assertEquals(1_234_000L, RevokedSessions.issuedAtMillis(null, 1_234));
        assertEquals(1_234_000L, RevokedSessions.issuedAtMillis("soon", 1_234));
    }

    @Test
    void revocationsOlderThanTheLongestTokenLifeAreDropped() {
        long now = Duration.ofDays(100).toMillis();
        sessions.revoke("old", now - Duration.ofDays(31).toMillis());
        sessions.revoke("recent", now - Duration.ofDays(29).toMillis());
        sessions.prune(now);
        assertEquals(1, sessions.size());
        assertTrue(sessions.isRevoked("recent", now - Duration.ofDays(30).toMillis()));
    }
}
