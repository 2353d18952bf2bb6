package io.panzoto.auth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.testing.LogCapture;
import io.panzoto.testing.RealInfraResource;
import io.panzoto.testing.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every log line written while secrets flow through the service, checked for those secrets. */
@QuarkusTest
@WithTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class NoSecretsInLogsTest {

    @Test
    void passwordsTokensAndRecoveryCodesNeverReachTheLog() {
        try (LogCapture log = LogCapture.start()) {
            String email = AuthApi.uniqueEmail();
            String password = "secret-pass-" + UUID.randomUUID();
            Response registered = AuthApi.register("/api/register", email, password);
            registered.then().statusCode(201);
            AuthApi.login("/api/login", email, password + "x").then().statusCode(401);
            Response login = AuthApi.login("/api/login", email, password);
            String refresh = login.path("refresh_token");
            given().contentType(ContentType.JSON).body(Map.of("refresh_token", refresh)).post("/api/v1/auth/refresh").then().statusCode(200);
            given().contentType(ContentType.JSON).body(Map.of("refresh_token", refresh)).post("/api/v1/auth/refresh").then().statusCode(401);
            given().header("Authorization", "Bearer " + login.path("token") + "tampered").get("/api/v1/me").then().statusCode(401);

            List<String> secrets = new ArrayList<>(List.of(password, refresh, login.path("token"), registered.path("token")));
            List<String> codes = registered.path("recovery_codes");
            secrets.addAll(codes);
            assertTrue(log.lines().stream().anyMatch(line -> line.contains("reuse")), "the reuse warning was captured: the handler works");
            log.assertNoneContain(secrets);
            // And none in any record the service published, read back from the broker.
            String userId = registered.path("user_id");
            var event = TopicReader.awaitRecord("auth.user-registered", r -> userId.equals(r.key()),
                    Duration.ofSeconds(60));
            for (String secret : secrets) {
                assertFalse(event.value().contains(secret), "a secret reached Kafka");
            }
        }
    }
}
