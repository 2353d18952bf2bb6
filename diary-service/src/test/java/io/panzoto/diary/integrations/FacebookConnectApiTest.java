package io.panzoto.diary.integrations;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.diary.DiaryClient;
import io.panzoto.diary.DiaryTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Connecting Facebook end to end over HTTP against the Graph API stub: authorization code with state and
 * PKCE, the long-lived token sealed at rest, replayed or forged callbacks refused, disconnect revoking
 * at Facebook.
 */
@QuarkusTest
@WithTestResource(DiaryTestResource.class)
class FacebookConnectApiTest {
    @Inject
    DataSource database;

    @Test
    void connectsWithStateAndPkceAndKeepsOnlyASealedLongLivedToken() throws Exception {
        DiaryClient grace = DiaryClient.register("e2e");
        Response started = grace.request().post("/api/v1/diary/integrations/facebook/connect");
        started.then().statusCode(200);
        Map<String, String> dialog = query(started.path("authorize_url"));
        assertEquals(GraphApiStub.APP_ID, dialog.get("client_id"));
        assertEquals(GraphApiStub.REDIRECT, dialog.get("redirect_uri"));
        assertEquals("S256", dialog.get("code_challenge_method"));
        assertEquals(started.<String>path("state"), dialog.get("state"));
        assertTrue(dialog.get("scope").contains("user_posts"));

        String code = GraphApiStub.start().authorize(dialog.get("code_challenge"));
        Response connected = given().queryParam("state", dialog.get("state")).queryParam("code", code)
                .get("/api/v1/diary/integrations/facebook/callback");
        connected.then().statusCode(200).body("provider", equalTo("facebook")).body("name", org.hamcrest.Matchers.startsWith("Stub User"))
                .body("$", not(hasKey("access_token")));
        grace.request().get("/api/v1/diary/integrations").then().statusCode(200).body("$", hasSize(1))
                .body("[0].external_id", equalTo(connected.<String>path("external_id"))).body("[0].token_expires_at", org.hamcrest.Matchers.notNullValue());

        byte[] sealed = storedToken(grace);
        String atRest = new String(sealed, StandardCharsets.ISO_8859_1);
        assertFalse(atRest.contains("long-") || atRest.contains("short-"), "the token is sealed at rest");

        // The state is spent: the same callback again connects nothing.
        given().queryParam("state", dialog.get("state")).queryParam("code", code).get("/api/v1/diary/integrations/facebook/callback")
                .then().statusCode(400).body("code", equalTo("invalid_state"));

        grace.request().delete("/api/v1/diary/integrations/facebook").then().statusCode(204);
        assertTrue(GraphApiStub.start().revoked.stream().anyMatch(token -> token.startsWith("long-")),
                "the long-lived token was revoked at Facebook");
        grace.request().get("/api/v1/diary/integrations").then().body("$", hasSize(0));
        grace.request().delete("/api/v1/diary/integrations/facebook").then().statusCode(404);
    }

    @Test
    void forgedDeniedOrTamperedAuthorizationsConnectNothing() {
        DiaryClient henry = DiaryClient.register("uce");
        given().queryParam("state", "made-up").queryParam("code", "x").get("/api/v1/diary/integrations/facebook/callback")
                .then().statusCode(400).body("code", equalTo("invalid_state"));
        given().get("/api/v1/diary/integrations/facebook/callback").then().statusCode(400).body("code", equalTo("invalid_state"));

        Map<String, String> denied = query(henry.request().post("/api/v1/diary/integrations/facebook/connect").path("authorize_url"));
        given().queryParam("state", denied.get("state")).queryParam("error", "access_denied")
                .get("/api/v1/diary/integrations/facebook/callback").then().statusCode(400).body("code", equalTo("facebook_denied"));

        // A code issued for another challenge (an attacker's injected code): PKCE fails at the exchange.
        Map<String, String> dialog = query(henry.request().post("/api/v1/diary/integrations/facebook/connect").path("authorize_url"));
        String foreign = GraphApiStub.start().authorize("another-challenge-another-challenge-another1");
        given().queryParam("state", dialog.get("state")).queryParam("code", foreign).get("/api/v1/diary/integrations/facebook/callback")
                .then().statusCode(400).body("code", equalTo("facebook_refused"));
        // Graph failing (not refusing) is Facebook's outage, told as such.
        Map<String, String> during = query(henry.request().post("/api/v1/diary/integrations/facebook/connect").path("authorize_url"));
        given().queryParam("state", during.get("state")).queryParam("code", GraphApiStub.FAILING_CODE)
                .get("/api/v1/diary/integrations/facebook/callback").then().statusCode(502).body("code", equalTo("facebook_unavailable"));
        henry.request().get("/api/v1/diary/integrations").then().body("$", hasSize(0));
        given().post("/api/v1/diary/integrations/facebook/connect").then().statusCode(401);
    }

    private byte[] storedToken(DiaryClient client) throws Exception {
        try (Connection c = database.getConnection();
             PreparedStatement read = c.prepareStatement("SELECT token_sealed FROM integration_accounts WHERE user_id = ?")) {
            read.setObject(1, client.userId());
            try (ResultSet row = read.executeQuery()) {
                assertTrue(row.next());
                return row.getBytes(1);
            }
        }
    }

    private static Map<String, String> query(String url) {
        return FacebookAccounts.query(url);
    }
}
