package io.panzoto.revocation;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which access tokens their user has ended: per user, the instant before which every token is void
 * (logout-all, a password change or recovery, account deletion); and single sessions ended by a logout,
 * every token and data-key ticket carrying that session id ({@value #SESSION_CLAIM}). Tokens carry their issue time in
 * milliseconds ({@value #ISSUED_AT_MILLIS_CLAIM}), so the token a password change returns, issued in the
 * same second as the revocation, stays valid while every earlier one is refused.
 *
 * <p>An entry is needed only while a token issued before it could still be unexpired: entries older
 * than the longest token life are dropped, which bounds the map by the revocations of that window.
 */
public final class RevokedSessions {
    /** The topic auth-service announces revocations on; the record key is the user id. */
    public static final String TOPIC = "auth.sessions-revoked";
    /** The access-token claim with the issue time in epoch milliseconds. */
    public static final String ISSUED_AT_MILLIS_CLAIM = "iat_ms";
    /** The access-token claim naming the login session (the refresh-token family) a token belongs to. */
    public static final String SESSION_CLAIM = "sid";

    private final Map<String, Long> notBefore = new ConcurrentHashMap<>();
    /** Ended sessions, each until the last instant a token or ticket of it could still be unexpired. */
    private final Map<String, Long> endedSessions = new ConcurrentHashMap<>();
    private final long horizonMillis;

    /** @param longestTokenLife no token lives longer: older revocations cannot matter */
    public RevokedSessions(Duration longestTokenLife) {
        this.horizonMillis = longestTokenLife.toMillis() + Duration.ofMinutes(1).toMillis();
    }

    /** Every token of the user issued before {@code notBeforeMillis} is void from now on. */
    public void revoke(String userId, long notBeforeMillis) {
        notBefore.merge(userId, notBeforeMillis, Math::max);
    }

    /** Every token and ticket of this session is void from now on; remembered until {@code untilMillis}. */
    public void endSession(String sessionId, long untilMillis) {
        endedSessions.merge(sessionId, untilMillis, Math::max);
    }

    /** Whether a token of this user issued at {@code issuedAtMillis} has been ended. */
    public boolean isRevoked(String userId, long issuedAtMillis) {
        Long limit = notBefore.get(userId);
        return limit != null && issuedAtMillis < limit;
    }

    /** The same, and whether its session (null: a token from before sessions were named) was ended. */
    public boolean isRevoked(String userId, String sessionId, long issuedAtMillis) {
        return isRevoked(userId, issuedAtMillis) || sessionId != null && endedSessions.containsKey(sessionId);
    }

    /**
     * The issue time of a token in milliseconds: its {@value #ISSUED_AT_MILLIS_CLAIM} claim, else its
     * {@code iat} seconds (a token without the claim counts as issued at the start of its second).
     */
    public static long issuedAtMillis(Object millisClaim, long issuedAtSeconds) {
        if (millisClaim instanceof Number number) {
            return number.longValue();
        }
        if (millisClaim != null) {
            try {
                return Long.parseLong(millisClaim.toString().trim());
            } catch (NumberFormatException e) {
                // fall back to iat
            }
        }
        return issuedAtSeconds * 1000;
    }

    /** Drops entries no unexpired token can predate. */
    public void prune(long nowMillis) {
        notBefore.values().removeIf(limit -> limit < nowMillis - horizonMillis);
        endedSessions.values().removeIf(until -> until < nowMillis);
    }

    /** How many users' and sessions' revocations are held. */
    public int size() {
        return notBefore.size() + endedSessions.size();
    }
}
