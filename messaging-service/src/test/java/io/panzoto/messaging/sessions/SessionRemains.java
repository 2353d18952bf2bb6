package io.panzoto.messaging.sessions;

import io.panzoto.storage.ObjectStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/** What is left of a SecureSession: rows naming it in every table, and objects under its prefix in the bucket. */
public final class SessionRemains {
    private static final String ROWS = """
            SELECT (SELECT count(*) FROM secure_sessions WHERE id = ?1)
                 + (SELECT count(*) FROM secure_session_participants WHERE session_id = ?1)
                 + (SELECT count(*) FROM secure_session_messages WHERE session_id = ?1)
                 + (SELECT count(*) FROM secure_session_invites WHERE session_id = ?1)
                 + (SELECT count(*) FROM secure_session_files WHERE session_id = ?1)
                 + (SELECT count(*) FROM secure_session_keys WHERE session_id = ?1)""".replace("?1", "?::uuid");

    private SessionRemains() {
    }

    public static long rows(DataSource database, String session) throws SQLException {
        try (Connection connection = database.getConnection(); PreparedStatement statement = connection.prepareStatement(ROWS)) {
            for (int i = 1; i <= 6; i++) {
                statement.setString(i, UUID.fromString(session).toString());
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    public static int objects(ObjectStore objects, String session) {
        return objects.keys("sessions/" + session + "/").size();
    }
}
