package io.panzoto.gateway.routing;

import static io.panzoto.gateway.routing.GatewayTestSupport.claims;
import static io.panzoto.gateway.routing.GatewayTestSupport.serviceUrl;
import static io.panzoto.gateway.routing.GatewayTestSupport.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** A service that accepts connections but never answers (SilentDiaryResource: 1 s timeout, circuit opens after 3). */
@QuarkusTest
@WithTestResource(SilentDiaryResource.class)
class GatewayResilienceTest {

    @Test
    void aHungServiceTimesOutWith504AndThenItsCircuitRefusesAtOnceWithoutTouchingIt() throws Exception {
        String token = "Bearer " + token(claims(), "k1");
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", token).get("/api/v1/diary/entries").then()
                    .statusCode(504).body("code", equalTo("gateway_timeout"));
        }
        assertEquals(3, requestsTheSilentServiceSaw());

        var refused = given().header("Authorization", token).get("/api/v1/diary/entries");
        refused.then().statusCode(503).body("code", equalTo("service_unavailable"));
        int retryAfter = Integer.parseInt(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 30, "Retry-After within the open period: " + retryAfter);
        assertEquals(3, requestsTheSilentServiceSaw(), "an open circuit sends nothing to the service");

        // Only that service's circuit is open.
        given().header("Authorization", token).get("/api/v1/me").then().statusCode(200).body("service", equalTo("auth-service"));
    }

    private static long requestsTheSilentServiceSaw() throws Exception {
        return Long.parseLong(HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(serviceUrl("diary-service") + "/control/requests")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }
}
