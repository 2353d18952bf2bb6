package io.panzoto.gateway.routing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.signing.RsaSigningKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.security.Key;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(StubServicesResource.class)
class GatewayProxyTest {
    private static final String USER = "7f2c1d8e-0000-4000-8000-000000000001";

    @Test
    void everyClientRouteReachesItsOwningService() throws Exception {
        String token = "Bearer " + token(claims(), "k1");
        Map<String, String> expected = Map.of(
                "/api/v1/auth/logout-all", "auth-service",
                "/.well-known/jwks.json", "auth-service",
                "/api/user/audio-files", "audio-service",
                "/api/v1/transcriptions/42", "audio-service",
                "/l/abc", "messaging-service",
                "/api/sessions/1/messages", "messaging-service");
        for (Map.Entry<String, String> route : expected.entrySet()) {
            if (route.getKey().equals("/.well-known/jwks.json")) {
                given().get(route.getKey()).then().statusCode(200);
                continue;
            }
            if (route.getKey().startsWith("/l/")) { // a read-only route: no body allowed
                given().get(route.getKey()).then().statusCode(200).body("service", equalTo(route.getValue()));
                given().contentType(ContentType.JSON).body("{}").post(route.getKey()).then().statusCode(413);
                continue;
            }
            given().header("Authorization", token).contentType(ContentType.JSON).body("{}")
                    .post(route.getKey() + "?limit=5").then().statusCode(200)
                    .body("service", equalTo(route.getValue()))
                    .body("path", equalTo(route.getKey()))
                    .body("query", equalTo("limit=5"));
        }
        given().get("/no/such/route").then().statusCode(404).body("code", equalTo("not_found"));
        given().get("/q/metrics").then().statusCode(404); // management endpoints are not public
        // A public prefix cannot carry a request to a protected route.
        given().urlEncodingEnabled(false).get("/l/../api/sessions").then().statusCode(401);
        given().urlEncodingEnabled(false).get("/l/%2e%2e/api/sessions").then().statusCode(401);
        given().urlEncodingEnabled(false).header("Authorization", token).get("/l/../api/sessions").then().statusCode(200)
                .body("path", equalTo("/api/sessions"));
    }

    @Test
    void simplexSendsAreLimitedPerLinkAndMalformedJsonStopsAtTheGateway() {
        String body = "{\"link_token\": \"link-A\", \"encrypted_message\": \"AAAA\"}";
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON).body(body).post("/send").then().statusCode(200)
                    .body("service", equalTo("messaging-service")).body("bodyBytes", equalTo(body.length()));
        }
        given().contentType(ContentType.JSON).body(body).post("/send").then().statusCode(429).header("Retry-After", org.hamcrest.Matchers.notNullValue());
        given().contentType(ContentType.JSON).body(body.replace("link-A", "link-B")).post("/send").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"link_token\": ").post("/send").then().statusCode(400).body("code", equalTo("malformed_json"));
    }

    @Test
    void theRequestIdIsKeptOrMadeAndTravelsBothWays() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        given().header("X-Request-Id", "req-42").header("traceparent", traceparent).header("Authorization", "Bearer " + token(claims(), "k1"))
                .get("/api/v1/me").then().statusCode(200)
                .body("headers.traceparent", equalTo(traceparent))
                .header("X-Request-Id", "req-42").body("headers.x-request-id", equalTo("req-42"))
                .body("headers.x-forwarded-for", equalTo("127.0.0.1"));
        given().header("Authorization", "Bearer " + token(claims(), "k1")).get("/api/v1/me").then()
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void forgedOrStaleTokensAre401AndNeverReachTheService() throws Exception {
        long before = hits("audio-service", "/api/v1/audio-files/secret");
        Key k1 = key("k1");
        JwtClaims expired = claims();
        expired.setExpirationTime(NumericDate.fromSeconds(System.currentTimeMillis() / 1000 - 120));
        JwtClaims notYet = claims();
        notYet.setNotBefore(NumericDate.fromSeconds(System.currentTimeMillis() / 1000 + 600));
        JwtClaims wrongIssuer = claims();
        wrongIssuer.setIssuer("https://evil.example");
        JwtClaims wrongAudience = claims();
        wrongAudience.setAudience("someone-else");

        JsonWebSignature none = new JsonWebSignature();
        none.setPayload(claims().toJson());
        none.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        none.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        String jwks = given().get("/.well-known/jwks.json").asString();
        byte[] publicKey = new org.jose4j.jwk.JsonWebKeySet(jwks).getJsonWebKeys().get(0).getKey().getEncoded();
        JsonWebSignature hmac = new JsonWebSignature();
        hmac.setPayload(claims().toJson());
        hmac.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        hmac.setKeyIdHeaderValue("k1");
        hmac.setKey(new HmacKey(publicKey));
        hmac.setDoKeyValidation(false);

        for (String forged : new String[] {
                none.getCompactSerialization(), hmac.getCompactSerialization(),
                sign(expired, k1, "k1"), sign(notYet, k1, "k1"), sign(wrongIssuer, k1, "k1"), sign(wrongAudience, k1, "k1"),
                sign(claims(), RsaSigningKeys.generate().getPrivate(), "k9"), sign(claims(), RsaSigningKeys.generate().getPrivate(), "k1"),
                "not.a.jwt"}) {
            given().header("Authorization", "Bearer " + forged).get("/api/v1/audio-files/secret").then().statusCode(401)
                    .body("code", equalTo("token_invalid"));
        }
        given().get("/api/v1/audio-files/secret").then().statusCode(401);
        assertEquals(before, hits("audio-service", "/api/v1/audio-files/secret"), "no forged request reached the service");
    }

    @Test
    void aKeyTheGatewayHasNotSeenIsFetchedFromTheJwks() throws Exception {
        String withK2 = "Bearer " + sign(claims(), key("k2"), "k2");
        given().header("Authorization", withK2).get("/api/v1/me").then().statusCode(401);
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(serviceUrl("auth-service") + "/control/publish-k2"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        given().header("Authorization", withK2).get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void bodiesOverTheRouteLimitAre413AndUnsizedJsonIs411() throws Exception {
        given().header("Authorization", "Bearer " + token(claims(), "k1")).contentType(ContentType.JSON)
                .body(new byte[300 * 1024]).post("/api/v1/transcriptions").then().statusCode(413).body("code", equalTo("body_too_large"));
        HttpResponse<String> chunked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway() + "/api/v1/transcriptions"))
                .header("Authorization", "Bearer " + token(claims(), "k1"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[10]))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(411, chunked.statusCode(), chunked.body());
    }

    @Test
    void credentialRoutesAreRateLimitedPerAddress() {
        int allowed = 0;
        String retryAfter = null;
        for (int i = 0; i < 8; i++) {
            var response = given().contentType(ContentType.JSON).body("{}").post("/api/auth/login");
            if (response.statusCode() == 429) {
                retryAfter = response.header("Retry-After");
                response.then().body("code", equalTo("rate_limited"));
                break;
            }
            allowed++;
        }
        assertTrue(allowed <= 5, "at most the configured 5 per minute: " + allowed);
        assertTrue(retryAfter != null && Integer.parseInt(retryAfter) >= 1);
    }

    @Test
    void corsPreflightAnswersOnlyTheAllowedOrigin() {
        given().header("Origin", "https://app.panzoto.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "Authorization,Content-Type")
                .options("/api/v1/me").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "https://app.panzoto.example");
        String foreign = given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/api/v1/me").then().extract().header("Access-Control-Allow-Origin");
        assertTrue(foreign == null || !foreign.contains("evil"), "no CORS grant for a foreign origin: " + foreign);
    }

    @Test
    void aServiceThatIsDownAnswers503AtOnce() {
        given().header("Authorization", "Bearer " + token(claims(), "k1")).get("/api/v1/diary/entries").then()
                .statusCode(503).body("code", equalTo("service_unavailable"))
                .time(lessThan(1000L), TimeUnit.MILLISECONDS);
    }

    @Test
    void twoHundredMegabytesStreamBothWaysThroughASmallHeap() throws Exception {
        long size = 200L * 1024 * 1024;
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        HttpResponse<String> upload = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway() + "/api/v1/audio-files/upload"))
                .header("Authorization", "Bearer " + token(claims(), "k1"))
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> patterned(size, sent)), size))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, upload.statusCode(), upload.body());
        io.vertx.core.json.JsonObject echo = new io.vertx.core.json.JsonObject(upload.body());
        assertEquals(size, echo.getLong("bodyBytes"));
        assertEquals(Bytes.hex(sent.digest()), echo.getString("bodySha256"));

        HttpResponse<InputStream> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway() + "/api/v1/audio-files/big/" + size))
                .header("Authorization", "Bearer " + token(claims(), "k1")).build(), HttpResponse.BodyHandlers.ofInputStream());
        long received = 0;
        try (InputStream in = download.body()) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) != -1; ) {
                received += n;
            }
        }
        assertEquals(size, received);
        assertTrue(Runtime.getRuntime().maxMemory() < size, "the heap is smaller than one body");
    }

    @Test
    void webSocketFramesAreForwardedBothWays() throws Exception {
        CompletableFuture<String> echoed = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(gateway().replace("http", "ws") + "/ws/messages"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        echoed.complete(data.toString());
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        socket.sendText("hello through the gateway", true);
        assertEquals("hello through the gateway", echoed.get(5, TimeUnit.SECONDS));
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }

    private static InputStream patterned(long size, MessageDigest digest) {
        return new InputStream() {
            private long left = size;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) ((size - left + i) * 31);
                }
                digest.update(b, off, n);
                left -= n;
                return n;
            }
        };
    }

    private static JwtClaims claims() {
        JwtClaims claims = new JwtClaims();
        claims.setSubject(USER);
        claims.setIssuer("https://auth.panzoto.local");
        claims.setAudience("panzoto");
        claims.setGeneratedJwtId();
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(5);
        claims.setClaim("tier", "e2e");
        return claims;
    }

    private static String token(JwtClaims claims, String kid) {
        try {
            return sign(claims, key(kid), kid);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(JwtClaims claims, Key key, String kid) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(kid);
        jws.setKey(key);
        return jws.getCompactSerialization();
    }

    private static Key key(String kid) {
        return RsaSigningKeys.privateKey(Bytes.fromBase64(ConfigProvider.getConfig().getValue("test.jwt." + kid, String.class)));
    }

    private static String serviceUrl(String service) {
        return ConfigProvider.getConfig().getValue("panzoto.gateway.services." + service + ".url", String.class);
    }

    private static String gateway() {
        return "http://127.0.0.1:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }

    private static long hits(String service, String path) throws Exception {
        return Long.parseLong(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(serviceUrl(service) + "/control/hits?path=" + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }
}
