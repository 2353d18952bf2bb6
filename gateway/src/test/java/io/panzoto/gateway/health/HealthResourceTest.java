package io.panzoto.gateway.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(StubDownstreamsResource.class)
class HealthResourceTest {

    @AfterEach
    void everyStubReady() throws Exception {
        for (String name : new String[] {"auth-service", "audio-service", "messaging-service"}) {
            setReadiness(name, "200");
        }
    }

    @Test
    void healthChecksArrivingTogetherShareOneRoundOfProbes() throws Exception {
        long before = probes("auth-service");
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(client.sendAsync(HttpRequest.newBuilder(URI.create(gateway() + "/api/v1/health")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            assertEquals(503, answer.get(10, TimeUnit.SECONDS).statusCode(), "diary-service is down in this test");
        }
        long probed = probes("auth-service") - before;
        // 20 answers, one probe per cache period (300 ms here): a slow machine may straddle a few periods.
        assertTrue(probed >= 1 && probed <= 5, "auth-service probed " + probed + " times for 20 health checks");
    }

    @Test
    void theOperatorsViewIs503AndNamesTheServiceNobodyAnswersForWhileTheSeedsRoutesStayHealthy() {
        given().get("/api/v1/health").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("services.auth-service", equalTo("UP"))
                .body("services.diary-service", equalTo("UNREACHABLE"));
        // The diary is no service the Android app or the messenger uses: their routes say healthy (seeds 000, 002).
        given().get("/api/health").then().statusCode(200).body("status", equalTo("healthy")).body("service", equalTo("panzoto-backend"));
        given().get("/health").then().statusCode(200).body("status", equalTo("healthy"))
                .body("timestamp", Matchers.matchesPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}.*"));
    }

    @Test
    void aServiceThatIsNotReadyMakesItsClientsHealthRouteUnhealthy() throws Exception {
        setReadiness("audio-service", "503");
        given().get("/api/health").then().statusCode(503).body("status", equalTo("unhealthy"))
                .body("services.audio-service", equalTo("DOWN"));
        given().get("/health").then().statusCode(200).body("status", equalTo("healthy"));
        given().get("/api/v1/health").then().statusCode(503)
                .body("services.audio-service", equalTo("DOWN"))
                .body("services.messaging-service", equalTo("UP"));
    }

    @Test
    void aHangingServiceIsReportedWithinTheDeadlineNotWaitedFor() throws Exception {
        setReadiness("messaging-service", "slow");
        given().get("/health").then().statusCode(503).body("status", equalTo("unhealthy"));
        given().get("/api/v1/health").then().statusCode(503)
                .time(lessThan(3500L), TimeUnit.MILLISECONDS)
                .body("services.messaging-service", equalTo("UNREACHABLE"));
    }

    private static void setReadiness(String service, String status) throws Exception {
        String base = serviceUrl(service);
        HttpResponse<Void> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(base + "/control/ready/" + status)).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 204) {
            throw new IllegalStateException("stub control failed: " + response.statusCode());
        }
        Thread.sleep(StubDownstreamsResource.HEALTH_CACHE.toMillis() + 100); // past the gateway's health cache
    }

    private static long probes(String service) throws Exception {
        return Long.parseLong(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(serviceUrl(service) + "/control/probes")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static String serviceUrl(String service) {
        return ConfigProvider.getConfig().getValue("panzoto.gateway.services." + service + ".url", String.class);
    }

    private static String gateway() {
        return "http://127.0.0.1:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }
}
