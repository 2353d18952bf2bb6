package io.panzoto.auth.face;

import static io.panzoto.auth.AuthApi.PASSWORD;
import static io.panzoto.auth.AuthApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.auth.AuthApi;
import io.panzoto.testing.FacePhotos;
import io.panzoto.testing.FacePhotos.Person;
import io.panzoto.testing.RealInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The face routes end to end over HTTP on a real PostgreSQL, with the vendored photos: enrolment,
 * step-up, the login's second factor, refusals, removal, and what the table holds.
 */
@QuarkusTest
@WithTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class FaceApiTest {
    /** Whose face each test enrols: high liveness, and renditions the model matches (FaceThresholdBenchmark). */
    private static final Person ENROLLED = Person.S1C;
    private static final Person SOMEONE_ELSE = Person.S3B;

    @Inject
    DataSource database;

    @Test
    void enrolsThenMatchesTheSamePersonAndNotAnother() {
        String bearer = bearer(AuthApi.newAccount());
        enrol(bearer, false).then().statusCode(201)
                .body("face_enrolled", equalTo(true)).body("photos", equalTo(2)).body("login_second_factor", equalTo(false))
                .body("liveness[0]", greaterThanOrEqualTo(0.5f));

        Response same = verify(bearer, FacePhotos.photo(ENROLLED, 2));
        same.then().statusCode(200).body("match", equalTo(true)).body("score", greaterThanOrEqualTo(0.55f))
                .body("step_up_token", notNullValue()).body("expires_in", equalTo(300));
        verify(bearer, FacePhotos.photo(ENROLLED, 4)).then().statusCode(200).body("match", equalTo(true));

        verify(bearer, FacePhotos.photo(SOMEONE_ELSE, 0)).then().statusCode(200)
                .body("match", equalTo(false)).body("score", lessThan(0.55f)).body("step_up_token", nullValue());
    }

    @Test
    void photosWithoutExactlyOneFaceOrNotImagesAreRefusedWithTheReason() {
        String bearer = bearer(AuthApi.newAccount());
        setupFace(bearer, Map.of("password", PASSWORD, "image", b64(FacePhotos.group(1))))
                .then().statusCode(400).body("code", equalTo("multiple_faces"));
        setupFace(bearer, Map.of("password", PASSWORD, "image", b64(FacePhotos.noFace())))
                .then().statusCode(400).body("code", equalTo("no_face"));
        setupFace(bearer, Map.of("password", PASSWORD, "image", b64("not a photo".getBytes(StandardCharsets.UTF_8))))
                .then().statusCode(400).body("code", equalTo("invalid_image"));
        setupFace(bearer, Map.of("password", PASSWORD, "image", "data:image/jpeg;base64," + b64(FacePhotos.photo(ENROLLED, 0)),
                "images", List.of(b64(FacePhotos.photo(SOMEONE_ELSE, 0)))))
                .then().statusCode(400).body("code", equalTo("faces_differ"));
        setupFace(bearer, Map.of("password", PASSWORD)).then().statusCode(400).body("code", equalTo("missing_fields"));
        setupFace(bearer, Map.of("password", "not the password", "image", b64(FacePhotos.photo(ENROLLED, 0))))
                .then().statusCode(401).body("code", equalTo("invalid_credentials"));
        setupFace("Bearer nonsense", Map.of("password", PASSWORD, "image", b64(FacePhotos.photo(ENROLLED, 0)))).then().statusCode(401);
        // Nothing was enrolled by any of them.
        verify(bearer, FacePhotos.photo(ENROLLED, 0)).then().statusCode(409).body("code", equalTo("face_not_enrolled"));
        verify(bearer, FacePhotos.group(2)).then().statusCode(400).body("code", equalTo("multiple_faces"));
    }

    @Test
    void theTableHoldsASealedTemplateOnlyAndRemovalNeedsThePassword() throws SQLException {
        Response account = AuthApi.newAccount();
        String bearer = bearer(account);
        UUID userId = UUID.fromString(account.path("user_id"));
        enrol(bearer, false).then().statusCode(201);

        byte[] stored;
        try (Connection c = database.getConnection();
             PreparedStatement read = c.prepareStatement("SELECT template, photos FROM face_templates WHERE user_id = ?")) {
            read.setObject(1, userId);
            try (ResultSet row = read.executeQuery()) {
                assertTrue(row.next());
                stored = row.getBytes("template");
                assertEquals(2, row.getInt("photos"));
            }
        }
        // RecordSealer: format, nonce, 2048 bytes of template, tag; nothing like a JPEG, nothing readable.
        assertEquals(1 + 12 + 512 * 4 + 16, stored.length);
        assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains("JFIF"));
        assertEquals(6, count("SELECT count(*) FROM information_schema.columns WHERE table_name = 'face_templates'", null),
                "user, template, photos, login factor, two times: no photo column");

        // This account's sealed template copied onto another's opens nothing there (the AAD binds the user).
        Response other = AuthApi.newAccount();
        enrol(bearer(other), false).then().statusCode(201);
        try (Connection c = database.getConnection();
             PreparedStatement copy = c.prepareStatement("UPDATE face_templates SET template = ? WHERE user_id = ?")) {
            copy.setBytes(1, stored);
            copy.setObject(2, UUID.fromString(other.path("user_id")));
            assertEquals(1, copy.executeUpdate());
        }
        verify(bearer(other), FacePhotos.photo(ENROLLED, 2)).then().statusCode(409).body("code", equalTo("face_reenrolment_required"));

        given().header("Authorization", bearer).contentType(ContentType.JSON).body(Map.of("password", "wrong password"))
                .delete("/api/auth/face").then().statusCode(401);
        given().header("Authorization", bearer).contentType(ContentType.JSON).body(Map.of("password", PASSWORD))
                .delete("/api/auth/face").then().statusCode(204);
        given().header("Authorization", bearer).contentType(ContentType.JSON).body(Map.of("password", PASSWORD))
                .delete("/api/auth/face").then().statusCode(404);
        verify(bearer, FacePhotos.photo(ENROLLED, 2)).then().statusCode(409);
    }

    @Test
    void withTheLoginFactorOnPasswordLoginWaitsForTheFace() {
        String email = uniqueEmail();
        Response account = AuthApi.register("/api/auth/register", email, PASSWORD);
        String bearer = bearer(account);
        enrol(bearer, true).then().statusCode(201).body("login_second_factor", equalTo(true));

        Response pending = AuthApi.login("/api/auth/login", email, PASSWORD);
        pending.then().statusCode(202).body("face_required", equalTo(true)).body("token", nullValue());
        String grant = pending.path("pending_token");

        // Someone else's face spends an attempt and answers no tokens.
        completeLogin(grant, FacePhotos.photo(SOMEONE_ELSE, 0)).then().statusCode(401).body("code", equalTo("face_mismatch"));
        Response done = completeLogin(grant, FacePhotos.photo(ENROLLED, 3));
        done.then().statusCode(200).body("match", equalTo(true)).body("token", notNullValue())
                .body("user.email", equalTo(email)).body("refresh_token", notNullValue());
        given().header("Authorization", "Bearer " + done.path("token")).get("/api/auth/profile").then().statusCode(200);
        // A grant completes once.
        completeLogin(grant, FacePhotos.photo(ENROLLED, 3)).then().statusCode(401).body("code", equalTo("pending_login_invalid"));
        completeLogin("made-up-token-made-up-token-made-up-token-00", FacePhotos.photo(ENROLLED, 3))
                .then().statusCode(401).body("code", equalTo("pending_login_invalid"));
    }

    @Test
    void aGrantIsSpentAfterItsAttemptsAndFailedFacesLockTheAccountLikePasswords() {
        String email = uniqueEmail();
        String bearer = bearer(AuthApi.register("/api/auth/register", email, PASSWORD));
        enrol(bearer, true).then().statusCode(201);
        String grant = AuthApi.login("/api/auth/login", email, PASSWORD).path("pending_token");
        for (int attempt = 0; attempt < 3; attempt++) {
            completeLogin(grant, FacePhotos.photo(SOMEONE_ELSE, attempt)).then().statusCode(401).body("code", equalTo("face_mismatch"));
        }
        completeLogin(grant, FacePhotos.photo(ENROLLED, 2)).then().statusCode(401).body("code", equalTo("pending_login_invalid"));

        // Step-up misses count towards the same lockout as wrong passwords (5 free failures here).
        verify(bearer, FacePhotos.photo(SOMEONE_ELSE, 0)).then().statusCode(200).body("match", equalTo(false));
        verify(bearer, FacePhotos.photo(SOMEONE_ELSE, 1)).then().statusCode(200).body("match", equalTo(false));
        verify(bearer, FacePhotos.photo(SOMEONE_ELSE, 2)).then().statusCode(429).body("code", equalTo("account_locked"));
        verify(bearer, FacePhotos.photo(ENROLLED, 2)).then().statusCode(429);
        AuthApi.login("/api/auth/login", email, PASSWORD).then().statusCode(429);
    }

    @Test
    void signingInAgainDoesNotResetTheFaceMissesOfAHolderOfThePassword() {
        String email = uniqueEmail();
        enrol(bearer(AuthApi.register("/api/auth/register", email, PASSWORD)), true).then().statusCode(201);
        String first = AuthApi.login("/api/auth/login", email, PASSWORD).then().statusCode(202).extract().path("pending_token");
        for (int attempt = 0; attempt < 3; attempt++) {
            completeLogin(first, FacePhotos.photo(SOMEONE_ELSE, attempt)).then().statusCode(401).body("code", equalTo("face_mismatch"));
        }
        // The password is right again, but the three misses still count: two more and the account waits.
        String second = AuthApi.login("/api/auth/login", email, PASSWORD).then().statusCode(202).body("$", not(hasKey("user_id")))
                .extract().path("pending_token");
        completeLogin(second, FacePhotos.photo(SOMEONE_ELSE, 3)).then().statusCode(401);
        completeLogin(second, FacePhotos.photo(SOMEONE_ELSE, 4)).then().statusCode(401);
        completeLogin(second, FacePhotos.photo(ENROLLED, 2)).then().statusCode(429).body("code", equalTo("account_locked"));
        AuthApi.login("/api/auth/login", email, PASSWORD).then().statusCode(429);
    }

    @Test
    void credentialChangesDemandTheFaceOnceTheFactorIsOn() {
        String bearer = bearer(AuthApi.newAccount());
        enrol(bearer, true).then().statusCode(201);
        Map<String, String> change = Map.of("current_password", PASSWORD, "new_password", "another long password");
        given().header("Authorization", bearer).contentType(ContentType.JSON).body(change)
                .post("/api/v1/auth/password").then().statusCode(403).body("code", equalTo("face_step_up_required"));
        given().header("Authorization", bearer).contentType(ContentType.JSON).body(Map.of("password", PASSWORD))
                .delete("/api/v1/me").then().statusCode(403);

        String stepUp = verify(bearer, FacePhotos.photo(ENROLLED, 2)).then().statusCode(200).extract().path("step_up_token");
        String[] parts = stepUp.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertTrue(claims.contains("\"amr\":[\"pwd\",\"face\"]"), claims);
        given().header("Authorization", "Bearer " + stepUp).contentType(ContentType.JSON).body(change)
                .post("/api/v1/auth/password").then().statusCode(200);
    }

    @Test
    void aStepUpNeedsAValidLiveTokenOfTheAccount() {
        Response account = AuthApi.newAccount();
        String bearer = bearer(account);
        enrol(bearer, false).then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("image", b64(FacePhotos.photo(ENROLLED, 2))))
                .post("/api/auth/face-verify").then().statusCode(401).body("code", equalTo("token_missing"));
        verify("Bearer not.a.token", FacePhotos.photo(ENROLLED, 2)).then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("pending_token", "x")).post("/api/auth/face-verify")
                .then().statusCode(400).body("code", equalTo("missing_fields"));
        verify(bearer, "////".getBytes(StandardCharsets.US_ASCII)).then().statusCode(400).body("code", equalTo("invalid_image"));
        // A session ended everywhere cannot step up with its old token.
        given().header("Authorization", bearer).post("/api/v1/auth/logout-all").then().statusCode(200);
        verify(bearer, FacePhotos.photo(ENROLLED, 2)).then().statusCode(401).body("step_up_token", nullValue());
    }

    @Test
    void accountDeletionDeletesTheTemplate() throws SQLException {
        Response account = AuthApi.newAccount();
        String bearer = bearer(account);
        enrol(bearer, false).then().statusCode(201);
        given().header("Authorization", bearer).contentType(ContentType.JSON).body(Map.of("password", PASSWORD))
                .delete("/api/v1/me").then().statusCode(204);
        assertEquals(0, count("SELECT count(*) FROM face_templates WHERE user_id = ?", UUID.fromString(account.path("user_id"))));
    }

    private long count(String sql, UUID userId) throws SQLException {
        try (Connection c = database.getConnection(); PreparedStatement query = c.prepareStatement(sql)) {
            if (userId != null) {
                query.setObject(1, userId);
            }
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Response enrol(String bearer, boolean loginFactor) {
        return setupFace(bearer, Map.of("password", PASSWORD, "login_second_factor", loginFactor,
                "images", List.of(b64(FacePhotos.photo(ENROLLED, 0)), b64(FacePhotos.photo(ENROLLED, 1)))));
    }

    private static Response setupFace(String bearer, Map<String, ?> body) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON).body(body).post("/api/auth/setup-face");
    }

    private static Response verify(String bearer, byte[] photo) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON).body(Map.of("image", b64(photo)))
                .post("/api/auth/face-verify");
    }

    private static Response completeLogin(String pendingToken, byte[] photo) {
        return given().contentType(ContentType.JSON).body(Map.of("pending_token", pendingToken, "image", b64(photo)))
                .post("/api/auth/face-verify");
    }

    private static String bearer(Response account) {
        return "Bearer " + account.path("token");
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
