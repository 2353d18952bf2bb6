package io.panzoto.messaging.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panzoto.messaging.SimplexClient;
import io.panzoto.testing.PackagedService;
import io.panzoto.testing.SocketClient;
import io.panzoto.testing.TestInfra;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged replicas of the service on one database and broker, as Kubernetes runs them: a message
 * stored by one replica is announced to a WebSocket held on the other.
 */
class CrossReplicaNotificationIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<PackagedService> REPLICAS = new ArrayList<>();
    private static String replicaA;
    private static String replicaB;

    @BeforeAll
    static void startTwoReplicas() throws Exception {
        Map<String, String> config = TestInfra.serviceConfig("messaging");
        replicaA = start("a", config);
        replicaB = start("b", config);
    }

    @AfterAll
    static void stopReplicas() {
        REPLICAS.forEach(PackagedService::close);
    }

    @Test
    void aMessageSentThroughOneReplicaIsAnnouncedOnTheOther() throws Exception {
        SimplexClient recipient = SimplexClient.register(replicaA, "two replicas");
        try (SocketClient onB = SocketClient.connect(URI.create(replicaB.replaceFirst("^http", "ws") + "/ws/links"))) {
            onB.send(JSON.writeValueAsString(recipient.proof()));
            assertEquals("subscribed", JSON.readTree(onB.next(Duration.ofSeconds(10))).path("type").asText());

            long viaA = recipient.sendOk("stored by replica a");
            JsonNode notice = JSON.readTree(onB.next(Duration.ofSeconds(30)));
            assertEquals(viaA, notice.path("id").asLong());

            SimplexClient senderOnB = SimplexClient.register(replicaB, "sender view");
            long viaB = senderOnB.request().body(Map.of("link_token", recipient.linkToken,
                    "encrypted_message", recipient.sealToMe("stored by replica b"))).post("/send").jsonPath().getLong("id");
            assertEquals(viaB, JSON.readTree(onB.next(Duration.ofSeconds(30))).path("id").asLong());
        }
    }

    private static String start(String name, Map<String, String> config) {
        Map<String, String> replicaConfig = new HashMap<>(config);
        replicaConfig.put("panzoto.messaging.token-pepper", "aW50ZWdyYXRpb24tdGVzdC1vbmx5LXBlcHBlci0zMmJ5dGVz");
        PackagedService replica = PackagedService.start("replica-" + name, System.getProperty("messaging.jar"), replicaConfig);
        REPLICAS.add(replica);
        return replica.baseUrl();
    }
}
