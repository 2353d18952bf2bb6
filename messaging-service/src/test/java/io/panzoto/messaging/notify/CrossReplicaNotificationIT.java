package io.panzoto.messaging.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panzoto.infra.ChildProcess;
import io.panzoto.infra.Ports;
import io.panzoto.messaging.SimplexClient;
import io.panzoto.testing.TestInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
    private static final List<ChildProcess> REPLICAS = new ArrayList<>();
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
        REPLICAS.forEach(replica -> replica.stop(Duration.ofSeconds(10)));
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

    private static String start(String name, Map<String, String> config) throws Exception {
        int port = Ports.free();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dpanzoto.messaging.token-pepper=aW50ZWdyYXRpb24tdGVzdC1vbmx5LXBlcHBlci0zMmJ5dGVz");
        command.add("-jar");
        command.add(System.getProperty("messaging.jar"));
        ChildProcess replica = ChildProcess.start("messaging-" + name, command,
                Path.of("target", "replica-" + name + ".log"), Map.of());
        REPLICAS.add(replica);
        String base = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            replica.checkAlive();
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return base;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("replica " + name + " did not become ready:\n" + replica.tail(40));
            }
            Thread.sleep(250);
        }
    }
}
