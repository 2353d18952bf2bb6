package io.panzoto.messaging.simplex;

import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.panzoto.messaging.SimplexClient;
import io.panzoto.testing.RealInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/** Messages past their time disappear from fetch at once and from the database at the next purge. */
@QuarkusTest
@WithTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "database", value = "messaging"))
class ExpiryPurgeTest {
    @Inject
    DataSource database;

    @Test
    void expiredMessagesAreHiddenThenPurgedAndTheQuotaFollows() throws Exception {
        SimplexClient recipient = SimplexClient.register();
        long expired = recipient.sendOk("old news");
        long fresh = recipient.sendOk("still current");
        execute("UPDATE simplex_messages SET expires_at = now() - interval '1 second' WHERE id = " + expired);

        recipient.fetchWithToken(Map.of("include_seen", true)).then().statusCode(200).body("data", hasSize(1))
                .body("data[0].id", Matchers.equalTo((int) fresh));

        // The scheduled purge (every second in tests) deletes the row and gives the quota back.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (count("SELECT count(*) FROM simplex_messages WHERE id = " + expired) != 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(0, count("SELECT count(*) FROM simplex_messages WHERE id = " + expired), "the expired message was purged");
        assertEquals(1, count("SELECT count(*) FROM simplex_messages WHERE id = " + fresh), "the fresh one was kept");
        assertEquals(1, count("SELECT unseen_count FROM simplex_links WHERE id = " + recipient.clientId));
    }

    @Test
    void expiredChallengesAreRejectedAndPurged() throws Exception {
        SimplexClient recipient = SimplexClient.register();
        String challenge = recipient.challenge();
        execute("UPDATE simplex_challenges SET expires_at = now() - interval '1 second' WHERE link_id = " + recipient.clientId);
        recipient.request().body(Map.of("link_token", recipient.linkToken, "challenge", challenge,
                "challenge_signature", recipient.sign(challenge))).post("/fetch")
                .then().statusCode(401).body("error", Matchers.equalTo("Invalid or expired challenge"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (count("SELECT count(*) FROM simplex_challenges WHERE link_id = " + recipient.clientId) != 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(0, count("SELECT count(*) FROM simplex_challenges WHERE link_id = " + recipient.clientId));
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = database.getConnection(); PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }
}
