package io.panzoto.messaging.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panzoto.messaging.simplex.RecipientAuth;
import io.panzoto.messaging.simplex.SimplexService;
import io.panzoto.platform.errors.ApiException;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code /ws/links}: a recipient's real-time feed. The first frame proves ownership of a link exactly as
 * /fetch does ({@code {"link_token", "challenge", "challenge_signature"}}, or {@code "fetch_token"});
 * further frames may add more links. The server then sends {@code {"type":"message","client_id":..,"id":..}}
 * for each new message of those links, from whichever replica stored it. A connection that has not
 * proved a link within the timeout, or fails a proof, is closed with 4401; so is one whose link's fetch
 * token is rotated or whose link is deleted (the credentials it was proved with are gone).
 */
@WebSocket(path = "/ws/links")
public class LinkSocket {
    static final int UNAUTHENTICATED = 4401;
    static final int BAD_FRAME = 4400;
    private static final long AUTH_TIMEOUT_MS = 10_000;

    private final Subscribers subscribers;
    private final SimplexService simplex;
    private final ObjectMapper mapper;
    private final Vertx vertx;
    private final Set<String> authenticated = ConcurrentHashMap.newKeySet();

    public LinkSocket(Subscribers subscribers, SimplexService simplex, ObjectMapper mapper, Vertx vertx) {
        this.subscribers = subscribers;
        this.simplex = simplex;
        this.mapper = mapper;
        this.vertx = vertx;
    }

    @OnOpen
    void open(WebSocketConnection connection) {
        vertx.setTimer(AUTH_TIMEOUT_MS, timer -> {
            if (connection.isOpen() && !authenticated.contains(connection.id())) {
                connection.close(new CloseReason(UNAUTHENTICATED, "no link proved in time")).subscribe().with(ok -> { }, failure -> { });
            }
        });
    }

    @OnTextMessage
    Uni<Void> subscribe(WebSocketConnection connection, String frame) {
        JsonNode request = parse(frame);
        if (request == null || !request.isObject() || !request.path("link_token").isTextual()) {
            return connection.close(new CloseReason(BAD_FRAME, "expected {\"link_token\", \"challenge\", \"challenge_signature\"}"));
        }
        String fetchToken = request.path("fetch_token").asText(null);
        RecipientAuth.Proof proof = new RecipientAuth.Proof(fetchToken == null ? null : "Bearer " + fetchToken,
                request.path("challenge").asText(null), request.path("challenge_signature").asText(null));
        return simplex.recipientsLink(request.path("link_token").asText(), proof)
                .onItemOrFailure().transformToUni((link, failure) -> {
                    if (failure != null) {
                        String reason = failure instanceof ApiException api ? api.getMessage() : "authentication failed";
                        return connection.close(new CloseReason(UNAUTHENTICATED, reason));
                    }
                    authenticated.add(connection.id());
                    long linkId = link.id;
                    subscribers.add(linkId, new Subscribers.Subscriber(connection.id(), messageId -> connection
                            .sendText(json(Map.of("type", "message", "client_id", linkId, "id", messageId)))
                            .subscribe().with(ok -> { }, error -> { }),
                            reason -> connection.close(new CloseReason(UNAUTHENTICATED, "link revoked: " + reason))
                                    .subscribe().with(ok -> { }, error -> { })));
                    return connection.sendText(json(Map.of("type", "subscribed", "client_id", linkId)));
                });
    }

    @OnClose
    void close(WebSocketConnection connection) {
        authenticated.remove(connection.id());
        subscribers.removeConnection(connection.id());
    }

    private JsonNode parse(String frame) {
        try {
            return mapper.readTree(frame);
        } catch (Exception e) {
            return null;
        }
    }

    private String json(Map<String, Object> value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
