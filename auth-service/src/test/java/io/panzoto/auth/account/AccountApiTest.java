package io.panzoto.auth.account;

import static io.panzoto.auth.AuthApi.PASSWORD;
import static io.panzoto.auth.AuthApi.login;
import static io.panzoto.auth.AuthApi.register;
import static io.panzoto.auth.AuthApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panzoto.auth.events.UserRegistered;
import io.panzoto.auth.user.Tier;
import io.panzoto.auth.user.User;
import io.panzoto.testing.RealInfraResource;
import io.panzoto.testing.TopicReader;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class AccountApiTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void registerAndLoginAnswerTheAndroidFieldsWithOneKeySaltPerUser() {
        String email = uniqueEmail();
        Response registered = register("/api/register", "  " + email.toUpperCase() + " ", PASSWORD);
        registered.then().statusCode(201)
                .body("token", notNullValue())
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(30 * 24 * 3600)) // seed 000: the app has no refresh flow
                .body("refresh_token", matchesPattern("[A-Za-z0-9_-]{43}"))
                .body("key_salt", matchesPattern("[0-9a-f]{64}"))
                .body("user.email", equalTo(email))
                .body("user.tier", equalTo("e2e"));
        String userId = registered.path("user_id");
        String keySalt = registered.path("key_salt");

        login("/api/login", email, PASSWORD).then().statusCode(200)
                .body("user_id", equalTo(userId))
                .body("key_salt", equalTo(keySalt))
                .body("user.id", equalTo(userId))
                .body("user.user_id", equalTo(userId)); // the Android app reads user.user_id (seeds 000/001)
        login("/api/auth/login", email.toUpperCase(), PASSWORD).then().statusCode(200).body("key_salt", equalTo(keySalt));
    }

    @Test
    void theSecureSessionRoutesShareTheAccountStore() {
        String email = uniqueEmail();
        register("/api/auth/register", email, PASSWORD).then().statusCode(201);
        String token = login("/api/login", email, PASSWORD).path("token");
        given().header("Authorization", "Bearer " + token).get("/api/auth/profile").then().statusCode(200)
                .body("email", equalTo(email));
        given().header("Authorization", "Bearer " + token).get("/api/v1/me").then().statusCode(200)
                .body("email", equalTo(email));
    }

    @Test
    void aDuplicateEmailIs409HoweverItIsWritten() {
        String email = uniqueEmail();
        register("/api/register", email, PASSWORD).then().statusCode(201);
        register("/api/register", email.toUpperCase(), PASSWORD).then().statusCode(409).body("error", notNullValue());
        register("/api/auth/register", " " + email, PASSWORD).then().statusCode(409).body("code", equalTo("email_taken"));
    }

    @Test
    void badInputIs400WithAJsonError() {
        given().contentType(ContentType.JSON).body("{\"email\": \"a@b.org\"").post("/api/register").then().statusCode(400)
                .body("code", equalTo("malformed_json"));
        given().contentType(ContentType.JSON).body("[1, 2]").post("/api/register").then().statusCode(400).body("error", notNullValue());
        given().contentType(ContentType.JSON).body(Map.of("email", uniqueEmail())).post("/api/register").then().statusCode(400)
                .body("code", equalTo("missing_fields"));
        given().contentType(ContentType.JSON).body("").post("/api/login").then().statusCode(400).body("error", notNullValue());
        register("/api/register", "not-an-email", PASSWORD).then().statusCode(400).body("code", equalTo("invalid_email"));
        register("/api/register", "a@@b.org", PASSWORD).then().statusCode(400).body("code", equalTo("invalid_email"));
        register("/api/register", uniqueEmail(), "short").then().statusCode(400).body("code", equalTo("invalid_password"));
        register("/api/register", uniqueEmail(), "x".repeat(1025)).then().statusCode(400).body("code", equalTo("invalid_password"));
        given().contentType(ContentType.JSON).body(Map.of("email", uniqueEmail(), "password", PASSWORD, "tier", "gold"))
                .post("/api/register").then().statusCode(400).body("code", equalTo("invalid_tier"));
    }

    @Test
    void unknownEmailAndWrongPasswordAnswerTheSame() {
        String email = uniqueEmail();
        register("/api/register", email, PASSWORD).then().statusCode(201);
        Response wrongPassword = login("/api/login", email, PASSWORD + "!");
        Response unknownEmail = login("/api/login", uniqueEmail(), PASSWORD);
        wrongPassword.then().statusCode(401);
        unknownEmail.then().statusCode(401);
        assertEquals(wrongPassword.asString(), unknownEmail.asString());
        // Seeds 000/001: any wrong credentials are 401, never a policy hint; only missing ones are 400.
        login("/api/login", email, "short").then().statusCode(401).body("error", notNullValue());
        login("/api/login", "not-an-email", PASSWORD).then().statusCode(401).body("code", equalTo("invalid_credentials"));
        login("/api/auth/login", email, "x".repeat(1025)).then().statusCode(401);
        login("/api/login", email, "").then().statusCode(400).body("code", equalTo("missing_fields"));
        login("/api/login", "", PASSWORD).then().statusCode(400).body("code", equalTo("missing_fields"));
    }

    @Test
    void parallelWrongPasswordsEachCountTowardsTheLockout() throws Exception {
        String email = uniqueEmail();
        register("/api/register", email, PASSWORD).then().statusCode(201);
        // Five at once: before the row was locked for the check, parallel failures overwrote each other's count.
        ExecutorService guessers = Executors.newFixedThreadPool(5);
        try {
            List<Future<Integer>> guesses = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String guess = "parallel guess " + i;
                guesses.add(guessers.submit(() -> login("/api/login", email, guess).statusCode()));
            }
            for (var guess : guesses) {
                assertEquals(401, guess.get());
            }
        } finally {
            guessers.shutdownNow();
        }
        login("/api/login", email, PASSWORD).then().statusCode(429).body("code", equalTo("account_locked"));
    }

    @Test
    void aBurstOfPasswordChecksBeyondTheBulkheadIsAnswered503BusyNotRunAll() throws Exception {
        // Logins of unknown accounts: each still runs a full Argon2 check (so timing tells nothing), and
        // no account row serialises them.
        int burst = 100;
        ExecutorService clients = Executors.newFixedThreadPool(burst);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                answers.add(clients.submit(() -> {
                    go.await();
                    return login("/api/login", uniqueEmail(), PASSWORD);
                }));
            }
            go.countDown();
            int busy = 0;
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                if (response.statusCode() == 503) {
                    busy++;
                    response.then().body("code", equalTo("busy")).header("Retry-After", notNullValue());
                } else {
                    assertEquals(401, response.statusCode(), response.asString());
                }
            }
            // Before the bulkhead all hundred ran at once (each ~19 MiB of native memory in production).
            assertTrue(busy > 0, "some of the burst was refused with 503, none was a 500");
        } finally {
            clients.shutdownNow();
        }
        String email = uniqueEmail();
        register("/api/register", email, PASSWORD).then().statusCode(201);
        login("/api/login", email, PASSWORD).then().statusCode(200);
    }

    @Test
    void anUnknownAccountIsThrottledExactlyAsAKnownOneSoTheLockoutTellsNothing() {
        String known = uniqueEmail();
        register("/api/register", known, PASSWORD).then().statusCode(201);
        String unknown = uniqueEmail();
        for (int i = 0; i < 5; i++) {
            loginFrom("203.0.113.60", known, "wrong password guess " + i).then().statusCode(401);
            loginFrom("203.0.113.60", unknown, "wrong password guess " + i).then().statusCode(401);
        }
        Response knownLocked = loginFrom("203.0.113.60", known, "wrong password guess 5");
        Response unknownLocked = loginFrom("203.0.113.60", unknown, "wrong password guess 5");
        knownLocked.then().statusCode(429).header("Retry-After", notNullValue());
        unknownLocked.then().statusCode(429).header("Retry-After", notNullValue());
        assertEquals(knownLocked.asString(), unknownLocked.asString(), "before: only a real account was ever locked");
    }

    @Test
    void oneAddressGuessingDoesNotLockTheOwnerOutFromAnother() {
        String email = uniqueEmail();
        register("/api/register", email, PASSWORD).then().statusCode(201);
        for (int i = 0; i < 5; i++) {
            loginFrom("203.0.113.61", email, "wrong password guess " + i).then().statusCode(401);
        }
        loginFrom("203.0.113.61", email, PASSWORD).then().statusCode(429).body("code", equalTo("account_locked"));
        // Before: anyone who knew the address kept the account locked for everyone.
        loginFrom("198.51.100.61", email, PASSWORD).then().statusCode(200);
    }

    @Test
    void guessesSpreadOverManyAddressesStillLockTheAccount() {
        String email = uniqueEmail();
        register("/api/register", email, PASSWORD).then().statusCode(201);
        for (int i = 0; i < 20; i++) {
            loginFrom("198.18.1." + i, email, "wrong password guess " + i).then().statusCode(401);
        }
        loginFrom("198.18.2.1", email, PASSWORD).then().statusCode(429).body("code", equalTo("account_locked"));
    }

    private static Response loginFrom(String address, String email, String password) {
        return given().header("X-Forwarded-For", address).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password)).post("/api/login");
    }

    @Test
    void repeatedFailuresLockTheAccountWith429AndRetryAfter() {
        String email = uniqueEmail();
        register("/api/register", email, PASSWORD).then().statusCode(201);
        for (int i = 0; i < 5; i++) {
            login("/api/login", email, "wrong password " + i).then().statusCode(401);
        }
        Response locked = login("/api/login", email, PASSWORD);
        locked.then().statusCode(429).body("code", equalTo("account_locked"));
        int retryAfter = Integer.parseInt(locked.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 30, "Retry-After " + retryAfter);
    }

    @Test
    void aFailedLoginIsCountedEvenThoughItAnswers401() throws Throwable {
        String email = uniqueEmail();
        register("/api/register", email, PASSWORD).then().statusCode(201);
        login("/api/login", email, "not the password").then().statusCode(401);
        User user = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> User.<User>find("email", email).firstResult()));
        assertEquals(1, user.failedLogins);
        login("/api/login", email, PASSWORD).then().statusCode(200);
        user = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> User.<User>find("email", email).firstResult()));
        assertEquals(0, user.failedLogins);
    }

    @Test
    void anArgon2CffiHashLogsInAndIsUpgradedToTheConfiguredParameters() throws Throwable {
        // Made by argon2-cffi (p=4), see common-crypto's make_fixtures.py; the password is "correct horse battery staple".
        String cffiHash = "$argon2id$v=19$m=19456,t=2,p=4$ycexiQl4nRX7SPm0wx1s7A$lgYmuGc8z8wNkKtddVuXLg";
        String email = uniqueEmail();
        User imported = new User();
        imported.id = UUID.randomUUID();
        imported.email = email;
        imported.passwordHash = cffiHash;
        imported.keySalt = new byte[32];
        imported.tier = Tier.E2E;
        imported.createdAt = Instant.now();
        imported.updatedAt = imported.createdAt;
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(imported::persist));

        login("/api/login", email, PASSWORD).then().statusCode(200).body("user_id", equalTo(imported.id.toString()));
        User after = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> User.<User>findById(imported.id)));
        assertTrue(after.passwordHash.startsWith("$argon2id$v=19$m=8192,t=1,p=1$"), "rehashed at the configured parameters");
        login("/api/login", email, PASSWORD).then().statusCode(200);
    }

    @Test
    void registrationPublishesAUserRegisteredEventWithPublicDataOnly() throws Exception {
        String email = uniqueEmail();
        Response registered = register("/api/register", email, PASSWORD);
        String userId = registered.path("user_id");
        var record = TopicReader.awaitRecord(UserRegistered.TOPIC, r -> userId.equals(r.key()), Duration.ofSeconds(60));
        JsonNode event = mapper.readTree(record.value());
        assertEquals("auth.user-registered", event.get("type").asText());
        assertEquals(userId, event.get("body").get("user_id").asText());
        assertEquals(registered.path("key_salt").toString(), event.get("body").get("key_salt").asText());
        assertEquals("e2e", event.get("body").get("tier").asText());
        assertFalse(record.value().contains(PASSWORD));
        assertFalse(record.value().contains(email), "no email in the event");
        assertFalse(record.value().contains(registered.path("token").toString()));
        assertFalse(record.value().contains(registered.path("refresh_token").toString()));
    }
}
