package io.panzoto.messaging.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.panzoto.messaging.events.SessionActivity;
import io.panzoto.messaging.events.SessionExpired;
import io.panzoto.messaging.files.SessionFiles;
import io.panzoto.messaging.keys.SessionKeys;
import io.panzoto.messaging.notify.ReplicaFeed;
import io.panzoto.messaging.sessions.SessionStore;
import io.panzoto.platform.inbox.InboundEvent;
import io.panzoto.platform.inbox.Inbox;
import io.panzoto.platform.security.RevokedTokenCheck;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * This replica's SecureSession sockets, by session. What happens in a session on any replica arrives
 * through the replica feed as ids; the row is read once here and sent to every socket of the session on
 * this replica. A destroyed session closes its sockets (4410); a token that expires or whose session
 * the user ended closes its socket (4401): expiry by a timer, revocation by a sweep every two seconds.
 */
@ApplicationScoped
public class SessionSockets implements ReplicaFeed.Listener {
    static final int UNAUTHENTICATED = 4401;
    static final int SESSION_GONE = 4410;
    private static final Logger LOG = Logger.getLogger(SessionSockets.class);
    private static final long REVOCATION_SWEEP_MS = 2000;

    /** One authenticated socket: whose it is, the token it proved, and when that token expires. */
    static final class Socket {
        final WebSocketConnection connection;
        final UUID sessionId;
        final UUID userId;
        volatile JsonWebToken token;
        volatile long expiryTimer = -1;

        Socket(WebSocketConnection connection, UUID sessionId, UUID userId, JsonWebToken token) {
            this.connection = connection;
            this.sessionId = sessionId;
            this.userId = userId;
            this.token = token;
        }
    }

    private final Map<UUID, Set<Socket>> bySession = new ConcurrentHashMap<>();
    private final Map<String, Socket> byConnection = new ConcurrentHashMap<>();
    private final SessionStore store;
    private final SessionFiles files;
    private final SessionKeys keys;
    private final Inbox inbox;
    private final RevokedTokenCheck revocations;
    private final ObjectMapper mapper;
    private final Vertx vertx;
    private long sweep = -1;

    public SessionSockets(SessionStore store, SessionFiles files, SessionKeys keys, Inbox inbox, RevokedTokenCheck revocations,
                          ObjectMapper mapper, Vertx vertx) {
        this.store = store;
        this.files = files;
        this.keys = keys;
        this.inbox = inbox;
        this.revocations = revocations;
        this.mapper = mapper;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        sweep = vertx.setPeriodic(REVOCATION_SWEEP_MS, tick -> byConnection.values().forEach(socket -> {
            if (revocations.isRevoked(socket.token)) {
                close(socket.connection, UNAUTHENTICATED, "token revoked");
            }
        }));
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(sweep);
    }

    /** Adds an authenticated socket, or renews its token; it closes when the token expires. */
    void authenticated(WebSocketConnection connection, UUID sessionId, UUID userId, JsonWebToken token) {
        Socket socket = byConnection.computeIfAbsent(connection.id(), id -> {
            Socket added = new Socket(connection, sessionId, userId, token);
            bySession.computeIfAbsent(sessionId, key -> ConcurrentHashMap.newKeySet()).add(added);
            return added;
        });
        socket.token = token;
        if (socket.expiryTimer >= 0) {
            vertx.cancelTimer(socket.expiryTimer);
        }
        long untilExpiry = Math.max(1, token.getExpirationTime() * 1000 - System.currentTimeMillis());
        socket.expiryTimer = vertx.setTimer(untilExpiry, expired -> close(connection, UNAUTHENTICATED, "token expired"));
    }

    /** The socket of this connection, if it has authenticated. */
    Socket of(WebSocketConnection connection) {
        return byConnection.get(connection.id());
    }

    void closed(WebSocketConnection connection) {
        Socket socket = byConnection.remove(connection.id());
        if (socket != null) {
            vertx.cancelTimer(socket.expiryTimer);
            Set<Socket> sockets = bySession.get(socket.sessionId);
            if (sockets != null) {
                sockets.remove(socket);
                bySession.computeIfPresent(socket.sessionId, (id, set) -> set.isEmpty() ? null : set);
            }
        }
    }

    public int size() {
        return byConnection.size();
    }

    @Override
    public Set<String> topics() {
        return Set.of(SessionActivity.TOPIC, SessionExpired.TOPIC);
    }

    @Override
    public void on(String topic, InboundEvent event) {
        if (SessionExpired.TOPIC.equals(topic)) {
            SessionExpired expired = inbox.body(event, SessionExpired.class);
            Set<Socket> sockets = bySession.remove(UUID.fromString(expired.sessionId()));
            if (sockets != null) {
                sockets.forEach(socket -> close(socket.connection, SESSION_GONE, "session destroyed: " + expired.reason()));
            }
            return;
        }
        SessionActivity activity = inbox.body(event, SessionActivity.class);
        UUID sessionId = UUID.fromString(activity.sessionId());
        if (!bySession.containsKey(sessionId)) {
            return; // no socket of this session here: nothing to read
        }
        Uni<?> item = switch (activity.kind()) {
            case SessionActivity.MESSAGE -> store.message(sessionId, Long.parseLong(activity.id()));
            case SessionActivity.FILE -> files.view(sessionId, UUID.fromString(activity.id()));
            case SessionActivity.KEY -> keys.keyOf(sessionId, UUID.fromString(activity.id()));
            default -> Uni.createFrom().nullItem();
        };
        item.subscribe().with(found -> {
            if (found != null) {
                send(sessionId, activity.kind(), found);
            }
        }, failure -> LOG.warnf("could not read a session's %s for its sockets: %s", activity.kind(), failure.getClass().getSimpleName()));
    }

    private void send(UUID sessionId, String kind, Object item) {
        Set<Socket> sockets = bySession.get(sessionId);
        if (sockets == null) {
            return;
        }
        String frame = frame(kind, item);
        sockets.forEach(socket -> socket.connection.sendText(frame).subscribe().with(sent -> { }, failure -> { }));
    }

    /** {@code {"type": kind, ...the item's fields}}. */
    String frame(String type, Object item) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", type);
        if (item != null) {
            fields.putAll(mapper.convertValue(item, Map.class));
        }
        try {
            return mapper.writeValueAsString(fields);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void close(WebSocketConnection connection, int code, String reason) {
        if (connection.isOpen()) {
            connection.close(new CloseReason(code, reason)).subscribe().with(closed -> { }, failure -> { });
        }
    }

    static Instant expiry(JsonWebToken token) {
        return Instant.ofEpochSecond(token.getExpirationTime());
    }
}
