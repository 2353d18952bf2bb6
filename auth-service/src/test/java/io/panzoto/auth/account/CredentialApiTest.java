package io.panzoto.auth.account;

import static io.panzoto.auth.AuthApi.PASSWORD;
import static io.panzoto.auth.AuthApi.login;
import static io.panzoto.auth.AuthApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.panzoto.auth.events.UserDeleted;
import io.panzoto.auth.user.User;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.testing.RealInfraResource;
import io.panzoto.testing.TopicReader;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class CredentialApiTest {
    private static final String NEW_PASSWORD = "a brand new pass phrase";

    @Inject
    DataKeys dataKeys;

    @Test
    void signUpShowsTenRecoveryCodesOnceAndOnlyUceUsersGetADataKey() throws Throwable {
        Response e2e = register(uniqueEmail(), "e2e");
        e2e.then().body("recovery_codes", hasSize(10));
        login("/api/login", e2e.path("user.email"), PASSWORD).then().statusCode(200).body("recovery_codes", nullValue());
        assertNull(user(e2e).dataKeyWrapped);
        Response uce = register(uniqueEmail(), "uce");
        uce.then().body("user.tier", equalTo("uce"));
        assertNotNull(user(uce).dataKeyWrapped);
    }

    @Test
    void aPasswordChangeKeepsTheDataKeyAndEndsOtherSessions() throws Throwable {
        Response account = register(uniqueEmail(), "uce");
        byte[] before = dataKey(account, PASSWORD);
        given().header("Authorization", bearer(account)).contentType(ContentType.JSON)
                .body(Map.of("current_password", "not it at all", "new_password", NEW_PASSWORD))
                .post("/api/v1/auth/password").then().statusCode(401);
        given().header("Authorization", bearer(account)).contentType(ContentType.JSON)
                .body(Map.of("current_password", PASSWORD, "new_password", NEW_PASSWORD))
                .post("/api/v1/auth/password").then().statusCode(200);
        login("/api/login", account.path("user.email"), PASSWORD).then().statusCode(401);
        login("/api/login", account.path("user.email"), NEW_PASSWORD).then().statusCode(200);
        assertArrayEquals(before, dataKey(account, NEW_PASSWORD));
        given().contentType(ContentType.JSON).body(Map.of("refresh_token", account.path("refresh_token")))
                .post("/api/v1/auth/refresh").then().statusCode(401);
    }

    @Test
    void aMissingPasswordOrBodyIs400MissingFieldsAndATokenIsCheckedFirst() {
        String bearer = bearer(register(uniqueEmail(), "e2e"));
        Map<String, String> required = Map.of(
                "/api/v1/auth/verify-password", "password is required",
                "/api/v1/auth/recovery-codes", "password is required",
                "/api/v1/auth/password", "current_password and new_password are required");
        required.forEach((path, message) -> {
            given().header("Authorization", bearer).contentType(ContentType.JSON).body(Map.of("other", "x")).post(path)
                    .then().statusCode(400).body("code", equalTo("missing_fields")).body("error", equalTo(message));
            given().header("Authorization", bearer).contentType(ContentType.JSON).post(path)
                    .then().statusCode(400).body("code", equalTo("missing_fields")).body("error", equalTo(message));
            // Without a token, the 401 comes before any look at the body.
            given().contentType(ContentType.JSON).post(path).then().statusCode(401).body("code", equalTo("token_missing"));
        });
        given().header("Authorization", bearer).contentType(ContentType.JSON).delete("/api/v1/me")
                .then().statusCode(400).body("error", equalTo("password is required"));
        given().contentType(ContentType.JSON).body(Map.of("email", "someone@example.com")).post("/api/v1/auth/recover")
                .then().statusCode(400).body("code", equalTo("missing_fields"))
                .body("error", equalTo("email, recovery_code and new_password are required"));
    }

    @Test
    void verifyPasswordAnswersForTheTokensAccountAndCountsFailuresTowardsTheLockout() {
        Response account = register(uniqueEmail(), "uce");
        verifyPassword(bearer(account), PASSWORD).then().statusCode(200).body("verified", equalTo(true))
                .body("key_salt", equalTo(account.path("key_salt")));
        verifyPassword(bearer(account), "not the password").then().statusCode(401)
                .body("code", equalTo("invalid_credentials"));
        verifyPassword(bearer(account), "").then().statusCode(400).body("code", equalTo("missing_fields"));
        verifyPassword("Bearer not.a.token", PASSWORD).then().statusCode(401);
        verifyPassword(null, PASSWORD).then().statusCode(401);
        for (int i = 0; i < 6; i++) {
            verifyPassword(bearer(account), "guess " + i);
        }
        verifyPassword(bearer(account), PASSWORD).then().statusCode(429).header("Retry-After", Matchers.notNullValue());
        login("/api/login", account.path("user.email"), PASSWORD).then().statusCode(429);
    }

    @Test
    void everyReauthenticationSharesTheLoginLockoutSoATokenCannotGuessPasswords() {
        Response account = register(uniqueEmail(), "uce");
        String bearer = bearer(account);
        // Five wrong passwords spread over the three re-authenticated routes (before: none of them counted).
        for (int i = 0; i < 2; i++) {
            given().header("Authorization", bearer).contentType(ContentType.JSON)
                    .body(Map.of("current_password", "guess " + i, "new_password", NEW_PASSWORD))
                    .post("/api/v1/auth/password").then().statusCode(401).body("code", equalTo("invalid_credentials"));
            given().header("Authorization", bearer).contentType(ContentType.JSON).body(Map.of("password", "codes guess " + i))
                    .post("/api/v1/auth/recovery-codes").then().statusCode(401).body("code", equalTo("invalid_credentials"));
        }
        given().header("Authorization", bearer).contentType(ContentType.JSON).body(Map.of("password", "delete guess"))
                .delete("/api/v1/me").then().statusCode(401).body("code", equalTo("invalid_credentials"));

        // Locked now, on every path, even with the right password; and nothing was changed or deleted.
        given().header("Authorization", bearer).contentType(ContentType.JSON).body(Map.of("password", PASSWORD))
                .delete("/api/v1/me").then().statusCode(429).body("code", equalTo("account_locked"))
                .header("Retry-After", Matchers.notNullValue());
        given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(Map.of("current_password", PASSWORD, "new_password", NEW_PASSWORD))
                .post("/api/v1/auth/password").then().statusCode(429);
        given().header("Authorization", bearer).contentType(ContentType.JSON).body(Map.of("password", PASSWORD))
                .post("/api/v1/auth/recovery-codes").then().statusCode(429);
        login("/api/login", account.path("user.email"), PASSWORD).then().statusCode(429);
        given().header("Authorization", bearer).get("/api/v1/me").then().statusCode(200);
    }

    private static Response verifyPassword(String authorization, String password) {
        var request = given().contentType(ContentType.JSON).body(Map.of("password", password));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.post("/api/v1/auth/verify-password");
    }

    @Test
    void aRecoveryCodeResetsThePasswordOnceAndLosesNoData() throws Throwable {
        Response account = register(uniqueEmail(), "uce");
        byte[] before = dataKey(account, PASSWORD);
        List<String> codes = account.path("recovery_codes");
        String typed = codes.get(3).toLowerCase().replace("-", " ");
        recover(account.path("user.email"), typed, NEW_PASSWORD).then().statusCode(200);
        login("/api/login", account.path("user.email"), NEW_PASSWORD).then().statusCode(200);
        assertArrayEquals(before, dataKey(account, NEW_PASSWORD));
        recover(account.path("user.email"), codes.get(3), "yet another password").then().statusCode(401);
        recover(uniqueEmail(), codes.get(4), "yet another password").then().statusCode(401).body("code", equalTo("invalid_recovery"));
        recover(account.path("user.email"), codes.get(4), "short").then().statusCode(400);
    }

    @Test
    void twoRecoveriesRacingWithOneCodeSpendItOnce() throws Exception {
        Response account = register(uniqueEmail(), "uce");
        String code = account.<List<String>>path("recovery_codes").get(0);
        ExecutorService racers = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> first = racers.submit(() -> recover(account.path("user.email"), code, NEW_PASSWORD).statusCode());
            Future<Integer> second = racers.submit(() -> recover(account.path("user.email"), code, "the racer's password").statusCode());
            List<Integer> statuses = new ArrayList<>(List.of(first.get(), second.get()));
            statuses.sort(null);
            assertEquals(List.of(200, 401), statuses, "one recovery per code");
        } finally {
            racers.shutdownNow();
        }
    }

    @Test
    void newRecoveryCodesReplaceTheOldOnes() {
        Response account = register(uniqueEmail(), "uce");
        List<String> old = account.path("recovery_codes");
        given().header("Authorization", bearer(account)).contentType(ContentType.JSON).body(Map.of("password", "wrong password"))
                .post("/api/v1/auth/recovery-codes").then().statusCode(401);
        List<String> fresh = given().header("Authorization", bearer(account)).contentType(ContentType.JSON)
                .body(Map.of("password", PASSWORD)).post("/api/v1/auth/recovery-codes")
                .then().statusCode(200).body("recovery_codes", hasSize(10)).extract().path("recovery_codes");
        recover(account.path("user.email"), old.get(0), NEW_PASSWORD).then().statusCode(401);
        recover(account.path("user.email"), fresh.get(0), NEW_PASSWORD).then().statusCode(200);
    }

    @Test
    void theProfileCanBeRenamedAndTheAccountDeletedWithAnEventForEveryService() throws Exception {
        Response account = register(uniqueEmail(), "e2e");
        given().header("Authorization", bearer(account)).contentType(ContentType.JSON).body(Map.of("display_name", "  Ada  "))
                .patch("/api/v1/me").then().statusCode(200).body("display_name", equalTo("Ada"));
        given().header("Authorization", bearer(account)).contentType(ContentType.JSON).body(Map.of("password", "wrong password"))
                .delete("/api/v1/me").then().statusCode(401);
        given().header("Authorization", bearer(account)).contentType(ContentType.JSON).body(Map.of("password", PASSWORD))
                .delete("/api/v1/me").then().statusCode(204);
        login("/api/login", account.path("user.email"), PASSWORD).then().statusCode(401);
        given().header("Authorization", bearer(account)).get("/api/v1/me").then().statusCode(401);
        String userId = account.path("user_id");
        var record = TopicReader.awaitRecord(UserDeleted.TOPIC, r -> userId.equals(r.key()), Duration.ofSeconds(60));
        assertEquals(true, record.value().contains("\"user_id\":\"" + userId + "\""));
    }

    private static Response register(String email, String tier) {
        Response response = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD, "tier", tier))
                .post("/api/register");
        response.then().statusCode(201);
        return response;
    }

    private static Response recover(String email, String code, String newPassword) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "recovery_code", code, "new_password", newPassword))
                .post("/api/v1/auth/recover");
    }

    private static String bearer(Response account) {
        return "Bearer " + account.path("token");
    }

    private static User user(Response account) throws Throwable {
        UUID id = UUID.fromString(account.path("user_id"));
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> User.<User>findById(id)));
    }

    private byte[] dataKey(Response account, String password) throws Throwable {
        try (SecretBytes key = dataKeys.unwrapWithPassword(user(account), password)) {
            return key.bytes().clone();
        }
    }
}
