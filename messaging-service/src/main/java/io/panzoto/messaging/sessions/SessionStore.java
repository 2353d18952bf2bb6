package io.panzoto.messaging.sessions;

import io.panzoto.crypto.Bytes;
import io.panzoto.messaging.events.SessionActivity;
import io.panzoto.messaging.events.SessionExpired;
import io.panzoto.messaging.sessions.SessionViews.MessageView;
import io.panzoto.messaging.sessions.SessionViews.SessionView;
import io.panzoto.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * SecureSession's rows, on the reactive SQL client: each command one statement (or one transaction),
 * and every read and write of a session names the caller, so a session is found only by its
 * participants while it lives. Nothing here checks input; {@link SecureSessions} does.
 */
@ApplicationScoped
public class SessionStore {
    /** A live session with its participants, if the user is one of them. */
    private static final String VIEW = """
            SELECT s.id, s.created_by, s.burn_after_reading, s.max_messages, s.message_count, s.created_at, s.expires_at,
                   array(SELECT user_id FROM secure_session_participants a WHERE a.session_id = s.id
                         ORDER BY a.user_id <> s.created_by, a.joined_at, a.user_id)
                       AS participants
            FROM secure_sessions s
            WHERE %s AND s.expires_at > now()
              AND EXISTS (SELECT 1 FROM secure_session_participants p WHERE p.session_id = s.id AND p.user_id = $1)""";
    private static final String ONE = VIEW.formatted("s.id = $2");
    private static final String MINE = VIEW.formatted("true") + " ORDER BY s.created_at DESC, s.id";
    private static final String ACTIVE_COUNT = """
            SELECT count(*) FROM secure_session_participants p JOIN secure_sessions s ON s.id = p.session_id
            WHERE p.user_id = $1 AND s.expires_at > now()""";
    private static final String LOCK_CREATOR = "SELECT pg_advisory_xact_lock(hashtextextended($1::text, 11))";
    private static final String INSERT_SESSION = """
            INSERT INTO secure_sessions (id, created_by, burn_after_reading, max_messages, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6)""";
    private static final String INSERT_PARTICIPANTS = """
            INSERT INTO secure_session_participants (session_id, user_id, joined_at)
            SELECT $1, unnest($2::uuid[]), $3""";
    /** Counts the message against the session's limit and stores it, if the sender takes part in it. */
    private static final String POST = """
            WITH session AS (
                UPDATE secure_sessions SET message_count = message_count + 1
                WHERE id = $1 AND expires_at > now() AND (max_messages IS NULL OR message_count < max_messages)
                  AND EXISTS (SELECT 1 FROM secure_session_participants WHERE session_id = $1 AND user_id = $2)
                RETURNING id),
            message AS (
                INSERT INTO secure_session_messages (session_id, sender_id, algorithm, nonce, ciphertext, created_at)
                SELECT id, $2, $3, $4, $5, $6 FROM session
                RETURNING id),
            event AS (
                """ + Outbox.INSERT_INTO + """
                SELECT $7, $8, $1::text, $9, jsonb_set(($10::text)::jsonb, '{body,id}', to_jsonb(id::text))::text, $6
                FROM message)
            SELECT (SELECT id FROM message) AS message_id,
                   EXISTS (SELECT 1 FROM secure_sessions s JOIN secure_session_participants p ON p.session_id = s.id
                           WHERE s.id = $1 AND p.user_id = $2 AND s.expires_at > now()) AS visible""";
    /** One message of a session, for the sockets that tell participants of it; null once it is gone. */
    private static final String ONE_MESSAGE = """
            SELECT id, sender_id, algorithm, nonce, ciphertext, created_at FROM secure_session_messages
            WHERE id = $1 AND session_id = $2""";
    /** The page after the cursor, oldest first; no row at all when the user cannot see the session. */
    private static final String PAGE = """
            SELECT m.id, m.sender_id, m.algorithm, m.nonce, m.ciphertext, m.created_at
            FROM secure_sessions s
            JOIN secure_session_participants p ON p.session_id = s.id AND p.user_id = $2
            LEFT JOIN LATERAL (
                SELECT id, sender_id, algorithm, nonce, ciphertext, created_at FROM secure_session_messages
                WHERE session_id = s.id AND id > $3 ORDER BY id LIMIT $4) m ON true
            WHERE s.id = $1 AND s.expires_at > now()
            ORDER BY m.id""";
    /** Destroys the session (its participants and messages go by cascade) and records why, in one statement. */
    private static final String END = """
            WITH gone AS (
                DELETE FROM secure_sessions s WHERE s.id = $1
                  AND EXISTS (SELECT 1 FROM secure_session_participants p WHERE p.session_id = s.id AND p.user_id = $2)
                RETURNING id),
            event AS (
                """ + Outbox.INSERT_INTO + """
                SELECT $3, $4, $5, $6, $7, $8 FROM gone)
            SELECT count(*) AS ended FROM gone""";

    /** An invitation, if the inviter takes part in the live session; it lives as long as the session at most. */
    private static final String INVITE = """
            INSERT INTO secure_session_invites (token_hash, session_id, created_by, expires_at)
            SELECT $1, s.id, $3, least(s.expires_at, $4) FROM secure_sessions s
            WHERE s.id = $2 AND s.expires_at > now()
              AND EXISTS (SELECT 1 FROM secure_session_participants p WHERE p.session_id = s.id AND p.user_id = $3)
            RETURNING expires_at""";
    private static final String SPEND_INVITE = """
            DELETE FROM secure_session_invites WHERE token_hash = $1 AND expires_at > now() RETURNING session_id""";
    /** Locks the live session while its participants are counted and one is added. */
    private static final String LOCK_FOR_JOIN = """
            SELECT (SELECT count(*) FROM secure_session_participants p WHERE p.session_id = s.id) AS participants,
                   EXISTS (SELECT 1 FROM secure_session_participants p WHERE p.session_id = s.id AND p.user_id = $2) AS already
            FROM secure_sessions s WHERE s.id = $1 AND s.expires_at > now() FOR UPDATE""";
    private static final String JOIN = """
            INSERT INTO secure_session_participants (session_id, user_id, joined_at) VALUES ($1, $2, $3)""";

    /** Receipts for the given messages of the session, if the reader takes part in it (the live session's row answers). */
    private static final String ACKNOWLEDGE = """
            WITH session AS (
                SELECT s.id, s.burn_after_reading FROM secure_sessions s
                WHERE s.id = $1 AND s.expires_at > now()
                  AND EXISTS (SELECT 1 FROM secure_session_participants p WHERE p.session_id = s.id AND p.user_id = $2)),
            receipts AS (
                INSERT INTO secure_session_receipts (message_id, user_id, read_at)
                SELECT m.id, $2, $4 FROM secure_session_messages m JOIN session ON m.session_id = session.id
                WHERE m.id = ANY($3) AND m.sender_id <> $2
                ON CONFLICT DO NOTHING
                RETURNING message_id)
            SELECT (SELECT count(*) FROM receipts) AS acknowledged, session.burn_after_reading FROM session""";
    /** Burns the given messages that every participant but their sender has now acknowledged. */
    private static final String BURN = """
            DELETE FROM secure_session_messages m
            WHERE m.session_id = $1 AND m.id = ANY($2)
              AND NOT EXISTS (
                  SELECT 1 FROM secure_session_participants p
                  WHERE p.session_id = m.session_id AND p.user_id <> m.sender_id
                    AND NOT EXISTS (SELECT 1 FROM secure_session_receipts r WHERE r.message_id = m.id AND r.user_id = p.user_id))
            RETURNING m.id""";

    private final Pool database;
    private final Outbox outbox;

    public SessionStore(Pool database, Outbox outbox) {
        this.database = database;
        this.outbox = outbox;
    }

    /** A new session's settings, checked. */
    record NewSession(UUID id, UUID createdBy, List<UUID> participants, boolean burnAfterReading, Integer maxMessages,
                      Instant createdAt, Instant expiresAt) {
    }

    /**
     * Creates the session unless its creator already takes part in {@code maxActive} live ones; answers
     * whether it did. The creator's sessions are counted and the new one written under a lock on the
     * creator, so concurrent creates cannot pass the limit together.
     */
    public Uni<Boolean> create(NewSession session, int maxActive) {
        return database.withTransaction(connection -> connection.preparedQuery(LOCK_CREATOR)
                .execute(Tuple.of(session.createdBy().toString()))
                .chain(() -> connection.preparedQuery(ACTIVE_COUNT).execute(Tuple.of(session.createdBy())))
                .chain(count -> {
                    if (count.iterator().next().getLong(0) >= maxActive) {
                        return Uni.createFrom().item(false);
                    }
                    return connection.preparedQuery(INSERT_SESSION)
                            .execute(Tuple.of(session.id(), session.createdBy(), session.burnAfterReading(), session.maxMessages(),
                                    utc(session.createdAt()), utc(session.expiresAt())))
                            .chain(() -> connection.preparedQuery(INSERT_PARTICIPANTS)
                                    .execute(Tuple.of(session.id(), session.participants().toArray(UUID[]::new), utc(session.createdAt()))))
                            .replaceWith(true);
                }));
    }

    /** The session if the user takes part in it and it lives; null otherwise. */
    public Uni<SessionView> find(UUID userId, UUID sessionId) {
        return database.preparedQuery(ONE).execute(Tuple.of(userId, sessionId))
                .map(rows -> rows.size() == 0 ? null : view(rows.iterator().next()));
    }

    public Uni<List<SessionView>> mine(UUID userId) {
        return database.preparedQuery(MINE).execute(Tuple.of(userId)).map(SessionStore::views);
    }

    /** What a post did: stored (the id), refused for the session's message limit, or the session unseen. */
    record PostOutcome(Long messageId, boolean visible) {
    }

    public Uni<PostOutcome> post(UUID sessionId, UUID senderId, String algorithm, byte[] nonce, byte[] ciphertext, Instant now) {
        // The message id is the statement's to make: the event carries a stand-in that POST sets.
        Outbox.PendingEvent event = outbox.prepare(SessionActivity.TOPIC, SessionActivity.TYPE, SessionActivity.SCHEMA_VERSION,
                sessionId.toString(), new SessionActivity(sessionId.toString(), SessionActivity.MESSAGE, "0"));
        return database.preparedQuery(POST)
                .execute(Tuple.tuple().addUUID(sessionId).addUUID(senderId).addString(algorithm).addBuffer(Buffer.buffer(nonce))
                        .addBuffer(Buffer.buffer(ciphertext)).addOffsetDateTime(utc(now))
                        .addUUID(event.envelope().eventId()).addString(event.topic()).addString(event.envelope().type())
                        .addString(event.payload()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new PostOutcome(row.getLong("message_id"), row.getBoolean("visible"));
                });
    }

    /** The message if it is still there (a burnt one is not). */
    public Uni<MessageView> message(UUID sessionId, long messageId) {
        return database.preparedQuery(ONE_MESSAGE).execute(Tuple.of(messageId, sessionId))
                .map(rows -> rows.size() == 0 ? null : messageView(rows.iterator().next()));
    }

    /** The page after {@code afterId}, or null when the user cannot see the session. */
    public Uni<List<MessageView>> page(UUID sessionId, UUID userId, long afterId, int size) {
        return database.preparedQuery(PAGE).execute(Tuple.of(sessionId, userId, afterId, size)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            List<MessageView> messages = new ArrayList<>(rows.size());
            for (Row row : rows) {
                if (row.getLong("id") != null) {
                    messages.add(messageView(row));
                }
            }
            return messages;
        });
    }

    /** Destroys the session if the user takes part in it; answers whether it did. */
    public Uni<Boolean> end(UUID sessionId, UUID userId) {
        Outbox.PendingEvent event = outbox.prepare(SessionExpired.TOPIC, SessionExpired.TYPE, SessionExpired.SCHEMA_VERSION,
                sessionId.toString(), new SessionExpired(sessionId.toString(), "ended"));
        return database.preparedQuery(END).execute(Tuple.from(Arrays.asList(sessionId, userId, event.envelope().eventId(),
                        event.topic(), event.envelope().aggregateId(), event.envelope().type(), event.payload(),
                        utc(event.envelope().occurredAt()))))
                .map(rows -> rows.iterator().next().getLong("ended") > 0);
    }

    /** Stores an invitation's hash; answers when it expires, or null when the inviter cannot see the session. */
    public Uni<Instant> invite(UUID sessionId, UUID inviter, String tokenHash, Instant expiresAt) {
        return database.preparedQuery(INVITE).execute(Tuple.of(tokenHash, sessionId, inviter, utc(expiresAt)))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getOffsetDateTime("expires_at").toInstant());
    }

    /** How a join ended: joined (the session id), or why not. Only a join spends the invitation. */
    enum JoinRefusal { UNKNOWN_INVITE, ALREADY_PARTICIPANT, FULL }

    record JoinOutcome(UUID sessionId, JoinRefusal refusal) {
    }

    /**
     * Spends the invitation and adds the user, in one transaction: a refused join (already in it, the
     * session full) rolls back and leaves the invitation for someone it fits.
     */
    public Uni<JoinOutcome> join(String tokenHash, UUID userId, int maxParticipants, Instant now) {
        return database.withTransaction(connection -> connection.preparedQuery(SPEND_INVITE).execute(Tuple.of(tokenHash))
                .chain(spent -> {
                    if (spent.size() == 0) {
                        return Uni.createFrom().item(new JoinOutcome(null, JoinRefusal.UNKNOWN_INVITE));
                    }
                    UUID sessionId = spent.iterator().next().getUUID("session_id");
                    return connection.preparedQuery(LOCK_FOR_JOIN).execute(Tuple.of(sessionId, userId)).chain(locked -> {
                        if (locked.size() == 0) {
                            return Uni.createFrom().item(new JoinOutcome(null, JoinRefusal.UNKNOWN_INVITE));
                        }
                        Row row = locked.iterator().next();
                        JoinRefusal refusal = row.getBoolean("already") ? JoinRefusal.ALREADY_PARTICIPANT
                                : row.getLong("participants") >= maxParticipants ? JoinRefusal.FULL : null;
                        if (refusal != null) {
                            return Uni.createFrom().failure(new JoinRefused(refusal));
                        }
                        return connection.preparedQuery(JOIN).execute(Tuple.of(sessionId, userId, utc(now)))
                                .replaceWith(new JoinOutcome(sessionId, null));
                    });
                }))
                .onFailure(JoinRefused.class).recoverWithItem(failure -> new JoinOutcome(null, ((JoinRefused) failure).refusal));
    }

    /** Fails the join's transaction so that it rolls back, keeping the invitation. */
    private static final class JoinRefused extends RuntimeException {
        private final JoinRefusal refusal;

        JoinRefused(JoinRefusal refusal) {
            super(refusal.name(), null, false, false);
            this.refusal = refusal;
        }
    }

    /** What an acknowledgement did: receipts stored and messages burnt; null when the reader cannot see the session. */
    record Acknowledged(long acknowledged, long burnt) {
    }

    public Uni<Acknowledged> acknowledge(UUID sessionId, UUID reader, Long[] messageIds, Instant now) {
        return database.withTransaction(connection -> connection.preparedQuery(ACKNOWLEDGE)
                .execute(Tuple.of(sessionId, reader, messageIds, utc(now)))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().nullItem();
                    }
                    Row row = rows.iterator().next();
                    long acknowledged = row.getLong("acknowledged");
                    if (!row.getBoolean("burn_after_reading")) {
                        return Uni.createFrom().item(new Acknowledged(acknowledged, 0));
                    }
                    return connection.preparedQuery(BURN).execute(Tuple.of(sessionId, messageIds))
                            .map(burnt -> new Acknowledged(acknowledged, burnt.size()));
                }));
    }

    private static List<SessionView> views(RowSet<Row> rows) {
        List<SessionView> views = new ArrayList<>(rows.size());
        rows.forEach(row -> views.add(view(row)));
        return views;
    }

    private static MessageView messageView(Row row) {
        return new MessageView(row.getLong("id"), row.getUUID("sender_id").toString(), row.getString("algorithm"),
                Bytes.base64(row.getBuffer("nonce").getBytes()), Bytes.base64(row.getBuffer("ciphertext").getBytes()),
                row.getOffsetDateTime("created_at").toInstant());
    }

    private static SessionView view(Row row) {
        List<String> participants = Arrays.stream(row.getArrayOfUUIDs("participants")).map(UUID::toString).toList();
        return new SessionView(row.getUUID("id").toString(), row.getUUID("created_by").toString(), participants,
                row.getBoolean("burn_after_reading"), row.getInteger("max_messages"), row.getInteger("message_count"),
                row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("expires_at").toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
