package io.panzoto.messaging;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.testing.LogCapture;
import io.panzoto.testing.RealInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Every log line written while tokens flow through the service, checked for tokens and client addresses. */
@QuarkusTest
@WithTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "database", value = "messaging"))
class NoSecretsInLogsTest {

    @Test
    void linkTokensFetchTokensChallengesAndAddressesNeverReachTheLog() {
        try (LogCapture log = LogCapture.start()) {
            SimplexClient recipient = SimplexClient.register();
            long id = recipient.sendOk("hello");
            Map<String, Object> proof = recipient.proof();
            recipient.request().body(proof).post("/fetch").then().statusCode(200);
            recipient.request().body(proof).post("/fetch").then().statusCode(401);
            recipient.request().header("Authorization", "Bearer " + recipient.fetchToken + "x")
                    .body(Map.of("link_token", recipient.linkToken)).post("/fetch").then().statusCode(401);
            recipient.ackWithToken(List.of(id), true).then().statusCode(200);
            recipient.request().body(Map.of("link_token", recipient.linkToken, "encrypted_message", "%%%")).post("/send")
                    .then().statusCode(400);
            Logger.getLogger(NoSecretsInLogsTest.class.getName()).warning("capture check");

            List<String> secrets = new ArrayList<>(List.of(recipient.linkToken, recipient.fetchToken,
                    (String) proof.get("challenge"), "127.0.0.1"));
            assertTrue(log.lines().stream().anyMatch(line -> line.contains("capture check")), "the handler captures");
            log.assertNoneContain(secrets);
        }
    }
}
