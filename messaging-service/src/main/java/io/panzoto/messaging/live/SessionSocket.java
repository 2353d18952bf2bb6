package io.panzoto.messaging.live;

import static io.panzoto.platform.concurrent.Workers.onWorker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panzoto.messaging.config.MessagingConfig;
import io.panzoto.messaging.sessions.SecureSessions;
import io.panzoto.messaging.sessions.SessionIds;
import io.panzoto.messaging.sessions.SessionViews.MessageRequest;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.security.RevokedTokenCheck;
import io.panzoto.ratelimit.TokenBuckets;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code /ws/sessions/{id}}: a participant's live view of a SecureSession. The token never goes in the
 * URL (URLs reach logs): the first frame is {@code {"type":"auth","access_token":"..."}}, answered
 * {@code {"type":"ready",...}}; a later auth frame with a fresh token of the same user renews it. Then
 * the server sends {@code message}, {@code file} and {@code key} frames for everything new in the
 * session (from any replica), and the client may send {@code message} (as POST .../messages) and
 * {@code ack} (as POST .../messages/ack) frames, each answered {@code sent}/{@code acked} or
 * {@code error} with the REST route's code and its {@code ref}; a refused frame stores nothing.
 * Close codes: 4400 a bad first frame, 4401 no token in time / invalid / expired / revoked, 4404 not a
 * participant, 4410 the session was destroyed. Frames are text JSON of at most the gateway's 64 KiB:
 * a larger payload goes as a file.
 */
@WebSocket(path = "/ws/sessions/{id}")
public class SessionSocket {
    static final int BAD_FRAME = 4400;
    static final int NOT_PARTICIPANT = 4404;
    private static final long AUTH_TIMEOUT_MS = 10_000;

    private final SessionSockets sockets;
    private final SecureSessions sessions;
    private final JWTParser tokens;
    private final RevokedTokenCheck revocations;
    private final ObjectMapper mapper;
    private final Vertx vertx;
    private final TokenBuckets frameBudget;

    public SessionSocket(SessionSockets sockets, SecureSessions sessions, JWTParser tokens, RevokedTokenCheck revocations,
                         ObjectMapper mapper, Vertx vertx, MessagingConfig config) {
        this.sockets = sockets;
        this.sessions = sessions;
        this.tokens = tokens;
        this.revocations = revocations;
        this.mapper = mapper;
        this.vertx = vertx;
        this.frameBudget = new TokenBuckets(config.sessions().socketFramesPerSecond(), Duration.ofSeconds(1));
    }

    @OnOpen
    void open(WebSocketConnection connection) {
        vertx.setTimer(AUTH_TIMEOUT_MS, timer -> {
            if (sockets.of(connection) == null) {
                SessionSockets.close(connection, SessionSockets.UNAUTHENTICATED, "no access token in time");
            }
        });
    }

    @OnTextMessage
    Uni<Void> frame(WebSocketConnection connection, String text) {
        JsonNode frame = parse(text);
        String type = frame == null ? null : frame.path("type").asText(null);
        SessionSockets.Socket socket = sockets.of(connection);
        if (socket == null && !"auth".equals(type)) {
            SessionSockets.close(connection, BAD_FRAME, "the first frame is {\"type\":\"auth\",\"access_token\":...}");
            return Uni.createFrom().voidItem();
        }
        if ("auth".equals(type)) {
            return authenticate(connection, socket, frame.path("access_token").asText(null));
        }
        if (frame == null) {
            return connection.sendText(error(null, ApiException.badRequest("invalid_frame", "frames are JSON objects"), null));
        }
        String ref = frame.path("ref").asText(null);
        Duration wait = frameBudget.tryAcquire(connection.id());
        if (!wait.isZero()) {
            return connection.sendText(error(ref, ApiException.tooManyRequests("rate_limited",
                    "too many frames on this socket; send again after retry_after_ms", wait), wait));
        }
        SessionSockets.Socket sender = socket;
        return Uni.createFrom().deferred(() -> answer(sender, frame, type, ref))
                .map(this::json)
                .onFailure(ApiException.class).recoverWithItem(failure -> error(ref, (ApiException) failure, null))
                .chain(connection::sendText);
    }

    /** What a frame asks for, as its REST route would do it (a refusal is an ApiException, thrown or failed). */
    private Uni<Map<String, Object>> answer(SessionSockets.Socket socket, JsonNode frame, String type, String ref) {
        return switch (type == null ? "" : type) {
            case "message" -> sessions.post(socket.userId, socket.sessionId.toString(), new MessageRequest(
                            frame.path("ciphertext").asText(null), frame.path("nonce").asText(null), frame.path("algorithm").asText(null)))
                    .map(posted -> fields("sent", ref, "id", posted.id(), "created_at", posted.createdAt().toString()));
            case "ack" -> sessions.acknowledge(socket.userId, socket.sessionId.toString(), messageIds(frame.path("message_ids")))
                    .map(done -> fields("acked", ref, "acknowledged", done.acknowledged(), "burnt", done.burnt()));
            case "ping" -> Uni.createFrom().item(fields("pong", ref));
            default -> Uni.createFrom().failure(ApiException.badRequest("unknown_frame",
                    "frames are auth, message, ack or ping"));
        };
    }

    @OnClose
    void close(WebSocketConnection connection) {
        sockets.closed(connection);
    }

    /** Verifies the token (off the event loop: the JWKS may be fetched) and the caller's place in the session. */
    private Uni<Void> authenticate(WebSocketConnection connection, SessionSockets.Socket existing, String accessToken) {
        if (accessToken == null || accessToken.isBlank()) {
            SessionSockets.close(connection, BAD_FRAME, "access_token is required");
            return Uni.createFrom().voidItem();
        }
        UUID sessionId;
        try {
            sessionId = SessionIds.parse(connection.pathParam("id"), "no such session");
        } catch (ApiException e) {
            SessionSockets.close(connection, NOT_PARTICIPANT, "no such session");
            return Uni.createFrom().voidItem();
        }
        return onWorker(() -> {
            try {
                JsonWebToken token = tokens.parse(accessToken);
                return revocations.isRevoked(token) ? null : token;
            } catch (Exception e) {
                return null;
            }
        }).chain(token -> {
            if (token == null || (existing != null && !existing.userId.toString().equals(token.getSubject()))) {
                SessionSockets.close(connection, SessionSockets.UNAUTHENTICATED, "token invalid, expired or revoked");
                return Uni.createFrom().voidItem();
            }
            UUID userId = UUID.fromString(token.getSubject());
            return sessions.get(userId, sessionId.toString()).onItemOrFailure().transformToUni((session, failure) -> {
                if (failure != null) {
                    SessionSockets.close(connection, NOT_PARTICIPANT, "no such session");
                    return Uni.createFrom().voidItem();
                }
                sockets.authenticated(connection, sessionId, userId, token);
                return connection.sendText(json(fields("ready", null, "session_id", sessionId.toString(),
                        "user_id", userId.toString(), "token_expires_at", SessionSockets.expiry(token).toString())));
            });
        });
    }

    private static List<Long> messageIds(JsonNode ids) {
        if (!ids.isArray()) {
            return null;
        }
        List<Long> messageIds = new ArrayList<>();
        ids.forEach(id -> messageIds.add(id.canConvertToLong() ? id.asLong() : null));
        return messageIds;
    }

    private String error(String ref, ApiException failure, Duration retryAfter) {
        Map<String, Object> fields = fields("error", ref, "status", failure.status(), "code", failure.code(), "error", failure.getMessage());
        if (retryAfter != null) {
            fields.put("retry_after_ms", Math.max(1, retryAfter.toMillis()));
        }
        return json(fields);
    }

    private static Map<String, Object> fields(String type, String ref, Object... pairs) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", type);
        if (ref != null) {
            fields.put("ref", ref);
        }
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put((String) pairs[i], pairs[i + 1]);
        }
        return fields;
    }

    private JsonNode parse(String text) {
        try {
            JsonNode node = mapper.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (Exception e) {
            return null;
        }
    }

    private String json(Map<String, Object> fields) {
        try {
            return mapper.writeValueAsString(fields);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
