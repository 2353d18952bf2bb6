package io.panzoto.gateway.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
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
    void healthIs503AndNamesTheServiceNobodyAnswersFor() {
        given().get("/api/health").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("services.auth-service", equalTo("UP"))
                .body("services.diary-service", equalTo("UNREACHABLE"));
    }

    @Test
    void aServiceThatIsNotReadyMakesThePlatformDown() throws Exception {
        setReadiness("audio-service", "503");
        given().get("/health").then().statusCode(503)
                .body("services.audio-service", equalTo("DOWN"))
                .body("services.messaging-service", equalTo("UP"));
    }

    @Test
    void aHangingServiceIsReportedWithinTheDeadlineNotWaitedFor() throws Exception {
        setReadiness("messaging-service", "slow");
        given().get("/api/health").then().statusCode(503)
                .time(lessThan(3500L), TimeUnit.MILLISECONDS)
                .body("services.messaging-service", equalTo("UNREACHABLE"));
    }

    private static void setReadiness(String service, String status) throws Exception {
        String base = ConfigProvider.getConfig().getValue("panzoto.gateway.services." + service + ".url", String.class);
        HttpResponse<Void> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(base + "/control/ready/" + status)).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 204) {
            throw new IllegalStateException("stub control failed: " + response.statusCode());
        }
    }
}
