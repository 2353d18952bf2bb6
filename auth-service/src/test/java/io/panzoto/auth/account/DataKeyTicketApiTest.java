package io.panzoto.auth.account;

import static io.panzoto.auth.AuthApi.PASSWORD;
import static io.panzoto.auth.AuthApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.crypto.AuthenticationFailedException;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.envelope.DataKeyTicket;
import io.panzoto.crypto.sodium.X25519;
import io.panzoto.testing.RealInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Data-key tickets: a uce user's key, sealed to diary-service (the test holds its secret), never e2e's. */
@QuarkusTest
@WithTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class DataKeyTicketApiTest {
    /** The secret half of the test key pair configured in application.properties (%test). */
    private static final SecretBytes DIARY_SECRET = SecretBytes.copyOf("test-only-diary-ticket-secret-k!".getBytes(StandardCharsets.US_ASCII));
    private static final byte[] DIARY_PUBLIC = X25519.publicKey(DIARY_SECRET);

    @Test
    void aUceUserGetsTheSameDataKeyInEveryTicketBoundToThemAndThePasswordChangeKeepsIt() {
        Response account = register("uce");
        UUID userId = UUID.fromString(account.path("user_id"));
        Instant before = Instant.now().minusSeconds(1);
        Response first = ticket(bearer(account), PASSWORD);
        first.then().statusCode(200);
        byte[] key = open(first.path("data_key_ticket"), userId, sessionOf(account.path("token")));
        assertEquals(32, key.length);
        Instant expiresAt = Instant.parse(first.path("expires_at"));
        assertTrue(expiresAt.isAfter(Instant.now().plus(Duration.ofDays(29))), "lives as long as the session: " + expiresAt);
        UUID session = sessionOf(account.path("token"));
        try (DataKeyTicket.Opened opened = DataKeyTicket.open(Bytes.fromBase64Url(first.path("data_key_ticket")), userId, session,
                Instant.now(), DIARY_PUBLIC, DIARY_SECRET)) {
            assertTrue(opened.issuedAt().isAfter(before), "stamped with its issue time, for the ended-session check");
            assertEquals(session, opened.sessionId(), "bound to the session of the token that asked");
        }
        assertArrayEquals(key, open(ticket(bearer(account), PASSWORD).path("data_key_ticket"), userId, session), "one data key per user");
        // Sign-up and sign-in answer one too: the moments the password is at hand.
        assertArrayEquals(key, open(account.path("data_key_ticket"), userId, session), "the sign-up's ticket");
        Response login = given().contentType(ContentType.JSON).body(Map.of("email", account.path("user.email"), "password", PASSWORD))
                .post("/api/login");
        login.then().statusCode(200);
        UUID loginSession = sessionOf(login.path("token"));
        assertNotEquals(session, loginSession, "a sign-in starts a session of its own");
        assertArrayEquals(key, open(login.path("data_key_ticket"), userId, loginSession), "the sign-in's ticket");
        assertThrows(AuthenticationFailedException.class, () -> DataKeyTicket.open(Bytes.fromBase64Url(first.path("data_key_ticket")),
                UUID.randomUUID(), session, Instant.now(), DIARY_PUBLIC, DIARY_SECRET), "bound to its user");
        assertThrows(AuthenticationFailedException.class, () -> DataKeyTicket.open(Bytes.fromBase64Url(first.path("data_key_ticket")),
                userId, loginSession, Instant.now(), DIARY_PUBLIC, DIARY_SECRET), "bound to its session");

        String newPassword = "another long pass phrase";
        Response changed = given().header("Authorization", bearer(account)).contentType(ContentType.JSON)
                .body(Map.of("current_password", PASSWORD, "new_password", newPassword)).post("/api/v1/auth/password");
        changed.then().statusCode(200);
        assertArrayEquals(key, open(ticket("Bearer " + changed.path("token"), newPassword).path("data_key_ticket"), userId,
                        sessionOf(changed.path("token"))),
                "a password change re-wraps the key, it does not replace it");
    }

    @Test
    void e2eUsersWrongPasswordsAndMissingTokensGetNoTicket() {
        Response e2e = register("e2e");
        ticket(bearer(e2e), PASSWORD).then().statusCode(409).body("code", equalTo("wrong_tier"));
        assertNull(e2e.path("data_key_ticket"), "an e2e sign-up answers no ticket");
        Response uce = register("uce");
        ticket(bearer(uce), "not the password").then().statusCode(401).body("code", equalTo("invalid_credentials"));
        ticket(null, PASSWORD).then().statusCode(401).body("code", equalTo("token_missing"));
        given().header("Authorization", bearer(uce)).contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/auth/data-key-ticket").then().statusCode(400).body("code", equalTo("missing_fields"));
    }

    private static byte[] open(String ticket, UUID userId, UUID sessionId) {
        try (DataKeyTicket.Opened opened = DataKeyTicket.open(Bytes.fromBase64Url(ticket), userId, sessionId, Instant.now(),
                DIARY_PUBLIC, DIARY_SECRET)) {
            return opened.dataKey().bytes().clone();
        }
    }

    /** The token's session ({@code sid}), as any service reads it. */
    private static UUID sessionOf(String token) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return UUID.fromString(io.restassured.path.json.JsonPath.from(payload).getString("sid"));
    }

    private static Response ticket(String bearer, String password) {
        var request = given().contentType(ContentType.JSON).body(Map.of("password", password));
        if (bearer != null) {
            request.header("Authorization", bearer);
        }
        return request.post("/api/v1/auth/data-key-ticket");
    }

    private static Response register(String tier) {
        Response response = given().contentType(ContentType.JSON).body(Map.of("email", uniqueEmail(), "password", PASSWORD, "tier", tier))
                .post("/api/register");
        response.then().statusCode(201);
        return response;
    }

    private static String bearer(Response account) {
        return "Bearer " + account.path("token");
    }
}
