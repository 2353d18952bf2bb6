package io.panzoto.auth.token;

import static io.panzoto.auth.AuthApi.newAccount;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.auth.AuthApi;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.signing.RsaSigningKeys;
import io.panzoto.testing.RealInfraResource;
import io.panzoto.testing.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class TokenApiTest {
    @Inject
    SigningKeys signingKeys;

    @Test
    void anAccessTokenVerifiesAgainstThePublishedJwksWithTheDesignedClaims() throws Exception {
        Response account = newAccount();
        JsonWebKeySet jwks = new JsonWebKeySet(given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString());
        JwtClaims claims = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks.getJsonWebKeys()))
                .setExpectedAudience("panzoto")
                .setExpectedIssuer("https://auth.panzoto.local")
                .build().processToClaims(account.path("token"));
        assertEquals(account.path("user_id").toString(), claims.getSubject());
        assertEquals(claims.getSubject(), claims.getStringClaimValue("user_id"), "seed 000's claim name too");
        assertEquals("e2e", claims.getStringClaimValue("tier"));
        // Register answers a seed client: 30 days (seed 000), with the issue time in milliseconds too.
        assertEquals(30 * 24 * 3600, claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());
        assertTrue(claims.getJwtId() != null && claims.getClaimValue("iat_ms", Long.class) / 1000 == claims.getIssuedAt().getValue());
        // A refreshed token is the short-lived kind.
        String refreshed = refresh(account.path("refresh_token")).then().statusCode(200).body("expires_in", equalTo(900)).extract().path("token");
        JwtClaims refreshedClaims = new JwtConsumerBuilder().setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks.getJsonWebKeys()))
                .setExpectedAudience("panzoto").build().processToClaims(refreshed);
        assertEquals(900, refreshedClaims.getExpirationTime().getValue() - refreshedClaims.getIssuedAt().getValue());
        assertTrue(jwks.getJsonWebKeys().stream().allMatch(k -> k.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)
                .keySet().stream().noneMatch(p -> List.of("d", "p", "q", "dp", "dq", "qi").contains(p))), "public parts only");
    }

    @Test
    void aRotatedKeyLeavesOldTokensValidAndSignsNewOnes() throws Throwable {
        Response before = newAccount();
        String oldToken = before.path("token");
        String oldKid = new JsonWebSignature() {{ setCompactSerialization(oldToken); }}.getKeyIdHeaderValue();
        signingKeys.rotateNow();
        given().get("/.well-known/jwks.json").then().body("keys.kid", Matchers.hasItem(oldKid))
                .body("keys.size()", Matchers.greaterThanOrEqualTo(2));
        given().header("Authorization", "Bearer " + oldToken).get("/api/v1/me").then().statusCode(200);
        String newToken = newAccount().path("token");
        String newKid = new JsonWebSignature() {{ setCompactSerialization(newToken); }}.getKeyIdHeaderValue();
        assertTrue(!newKid.equals(oldKid), "new tokens are signed by the new key");
        given().header("Authorization", "Bearer " + newToken).get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void forgedTokensAreRejected() throws Exception {
        Response account = newAccount();
        String userId = account.path("user_id");
        JwtClaims claims = new JwtClaims();
        claims.setSubject(userId);
        claims.setIssuer("https://auth.panzoto.local");
        claims.setAudience("panzoto");
        claims.setGeneratedJwtId();
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(5);
        claims.setClaim("tier", "e2e");

        // Signed by a key the service never published, under a kid it does not know.
        KeyPair stranger = RsaSigningKeys.generate();
        assertRejected(sign(claims, AlgorithmIdentifiers.RSA_USING_SHA256, stranger.getPrivate(), "unknown-kid"));
        // Under the real kid, but signed by another key.
        String realKid = new JsonWebSignature() {{ setCompactSerialization(account.path("token")); }}.getKeyIdHeaderValue();
        assertRejected(sign(claims, AlgorithmIdentifiers.RSA_USING_SHA256, stranger.getPrivate(), realKid));
        // alg: none.
        JsonWebSignature none = new JsonWebSignature();
        none.setPayload(claims.toJson());
        none.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        none.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        assertRejected(none.getCompactSerialization());
        // HS256 keyed with the published public key.
        String jwks = given().get("/.well-known/jwks.json").asString();
        byte[] publicKey = new JsonWebKeySet(jwks).getJsonWebKeys().get(0).getKey().getEncoded();
        JsonWebSignature hmac = new JsonWebSignature();
        hmac.setPayload(claims.toJson());
        hmac.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        hmac.setKeyIdHeaderValue(realKid);
        hmac.setKey(new HmacKey(publicKey));
        hmac.setDoKeyValidation(false);
        assertRejected(hmac.getCompactSerialization());
        // A valid token with one whole signature character changed (the last one carries padding bits).
        String token = account.path("token");
        int at = token.length() - 3;
        char flipped = token.charAt(at) == 'A' ? 'B' : 'A';
        assertRejected(token.substring(0, at) + flipped + token.substring(at + 1));
        given().get("/api/v1/me").then().statusCode(401).body("code", equalTo("token_missing"));
        given().header("Authorization", "Basic " + Bytes.base64("a:b".getBytes(StandardCharsets.UTF_8))).get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void refreshRotatesAndAReusedTokenRevokesItsWholeFamily() {
        String first = newAccount().path("refresh_token");
        Response rotated = refresh(first);
        rotated.then().statusCode(200).body("refresh_token", not(equalTo(first)));
        String second = rotated.path("refresh_token");
        given().header("Authorization", "Bearer " + rotated.path("token")).get("/api/v1/me").then().statusCode(200);

        refresh(first).then().statusCode(401).body("code", equalTo("refresh_reused"));
        refresh(second).then().statusCode(401); // the family is gone, the legitimate copy too
    }

    @Test
    void logoutRevokesTheSessionAndLogoutAllRevokesEverySession() {
        Response account = newAccount();
        String email = account.path("user.email");
        String userId = account.path("user_id");
        String refresh = account.path("refresh_token");
        Response elsewhere = AuthApi.login("/api/login", email, AuthApi.PASSWORD);
        // The session's access tokens end with it, a refreshed one too; the user's other session lives on.
        Response rotated = refresh(refresh);
        rotated.then().statusCode(200);
        String refreshed = rotated.path("token");
        refresh = rotated.path("refresh_token");
        given().contentType(ContentType.JSON).body(Map.of("refresh_token", refresh)).post("/api/v1/auth/logout").then().statusCode(200);
        refresh(refresh).then().statusCode(401);
        for (String ended : List.of(account.<String>path("token"), refreshed)) {
            given().header("Authorization", "Bearer " + ended).get("/api/v1/me").then().statusCode(401).body("code", equalTo("token_invalid"));
        }
        given().header("Authorization", "Bearer " + elsewhere.path("token")).get("/api/v1/me").then().statusCode(200);
        var announced = TopicReader.awaitRecord("auth.sessions-revoked",
                r -> userId.equals(r.key()) && r.value().contains("\"session_id\""), Duration.ofSeconds(30));
        assertTrue(announced.value().contains("\"until_ms\"") && !announced.value().contains(refresh), announced.value());

        Response other = AuthApi.login("/api/login", email, AuthApi.PASSWORD);
        Response third = AuthApi.login("/api/login", email, AuthApi.PASSWORD);
        given().header("Authorization", "Bearer " + third.path("token")).post("/api/v1/auth/logout-all").then().statusCode(200)
                .body("revoked", equalTo(3)); // elsewhere, other and third
        refresh(other.path("refresh_token")).then().statusCode(401);
        refresh(elsewhere.path("refresh_token")).then().statusCode(401);
        refresh(third.path("refresh_token")).then().statusCode(401);
    }

    @Test
    void endingEverySessionRefusesEveryEarlierAccessTokenAndAnnouncesIt() {
        Response account = newAccount();
        String userId = account.path("user_id");
        String email = account.path("user.email");
        String first = account.path("token");
        String second = AuthApi.login("/api/login", email, AuthApi.PASSWORD).path("token");
        given().header("Authorization", "Bearer " + first).get("/api/v1/me").then().statusCode(200);

        given().header("Authorization", "Bearer " + second).post("/api/v1/auth/logout-all").then().statusCode(200);
        for (String ended : List.of(first, second)) {
            given().header("Authorization", "Bearer " + ended).get("/api/v1/me").then().statusCode(401)
                    .body("code", equalTo("token_invalid"));
        }
        var announced = TopicReader.awaitRecord("auth.sessions-revoked", r -> userId.equals(r.key()),
                Duration.ofSeconds(30));
        assertTrue(announced.value().contains("\"not_before_ms\""), announced.value());
        assertTrue(!announced.value().contains(first) && !announced.value().contains(second), "no token on Kafka");

        // Signing in again works, and so does the token a password change hands back; the one before it does not.
        String third = AuthApi.login("/api/login", email, AuthApi.PASSWORD).path("token");
        given().header("Authorization", "Bearer " + third).get("/api/v1/me").then().statusCode(200);
        String afterChange = given().header("Authorization", "Bearer " + third).contentType(ContentType.JSON)
                .body(Map.of("current_password", AuthApi.PASSWORD, "new_password", "another long password"))
                .post("/api/v1/auth/password").then().statusCode(200).extract().path("token");
        given().header("Authorization", "Bearer " + afterChange).get("/api/v1/me").then().statusCode(200);
        given().header("Authorization", "Bearer " + third).get("/api/v1/me").then().statusCode(401);

        // Deletion ends the last one too.
        given().header("Authorization", "Bearer " + afterChange).contentType(ContentType.JSON)
                .body(Map.of("password", "another long password")).delete("/api/v1/me").then().statusCode(204);
        given().header("Authorization", "Bearer " + afterChange).get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void refreshInputErrorsAre4xx() {
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/auth/refresh").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{").post("/api/v1/auth/refresh").then().statusCode(400);
        refresh("not-a-token").then().statusCode(401);
        given().post("/api/v1/auth/logout-all").then().statusCode(401);
    }

    private static Response refresh(String token) {
        return given().contentType(ContentType.JSON).body(Map.of("refresh_token", token)).post("/api/v1/auth/refresh");
    }

    private static void assertRejected(String token) {
        given().header("Authorization", "Bearer " + token).get("/api/v1/me").then().statusCode(401).body("error", Matchers.notNullValue());
    }

    private static String sign(JwtClaims claims, String algorithm, Key key, String kid) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(algorithm);
        jws.setKeyIdHeaderValue(kid);
        jws.setKey(key);
        return jws.getCompactSerialization();
    }

}
