package io.panzoto.messaging.sessions;

/** SQL that every SecureSession statement shares: how a caller's live session is found. */
public final class SessionSql {
    private SessionSql() {
    }

    /**
     * {@code SELECT s.id} of the session named by the {@code session} parameter, if it lives and the user
     * named by the {@code user} parameter takes part in it (parameters as {@code $1}, {@code $2}...).
     */
    public static String liveSessionOf(String session, String user) {
        return "SELECT s.id FROM secure_sessions s WHERE s.id = " + session + " AND s.expires_at > now()"
                + " AND EXISTS (SELECT 1 FROM secure_session_participants p WHERE p.session_id = s.id AND p.user_id = " + user + ")";
    }
}
