package io.panzoto.gateway.routing;

import static io.panzoto.gateway.routing.GatewayTestSupport.claims;
import static io.panzoto.gateway.routing.GatewayTestSupport.count;
import static io.panzoto.gateway.routing.GatewayTestSupport.gateway;
import static io.panzoto.gateway.routing.GatewayTestSupport.key;
import static io.panzoto.gateway.routing.GatewayTestSupport.serviceUrl;
import static io.panzoto.gateway.routing.GatewayTestSupport.sign;
import static io.panzoto.gateway.routing.GatewayTestSupport.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.signing.RsaSigningKeys;
import io.panzoto.crypto.token.Tokens;
import io.panzoto.revocation.SessionRevocations;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.ConfigProvider;
import org.hamcrest.Matchers;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(StubServicesResource.class)
class GatewayProxyTest {
    /** panzoto.gateway.limits.per-user-per-minute in StubServicesResource. */
    private static final int PER_USER_LIMIT = 40;


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

    @Inject
    MeterRegistry meters;

    @Test
    void requestMetricsAreTaggedWithTheRouteNotThePath() {
        String token = "Bearer " + token(claims(), "k1");
        for (String id : new String[] {"metric-1", "metric-2", "metric-3"}) {
            given().header("Authorization", token).get("/api/v1/transcriptions/" + id).then().statusCode(200);
        }
        Set<String> uris = new TreeSet<>();
        meters.find("http.server.requests").meters().forEach(meter -> uris.add(meter.getId().getTag("uri")));
        assertTrue(uris.contains("/api/v1/transcriptions*"), uris.toString());
        assertTrue(uris.stream().noneMatch(uri -> uri.contains("metric-")), "no series per id: " + uris);
    }

    @Test
    void simplexSendsAreLimitedPerLinkAndMalformedJsonStopsAtTheGateway() throws Exception {
        String linkA = Tokens.generate();
        String body = "{\"link_token\": \"" + linkA + "\", \"encrypted_message\": \"AAAA\"}";
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON).body(body).post("/send").then().statusCode(200)
                    .body("service", equalTo("messaging-service")).body("bodyBytes", equalTo(body.length()));
        }
        given().contentType(ContentType.JSON).body(body).post("/send").then().statusCode(429).header("Retry-After", Matchers.notNullValue());
        // The same link written another way is the same bucket (before: " token" was a fresh one).
        given().contentType(ContentType.JSON).body(body.replace(linkA, " " + linkA + "\\n")).post("/send").then().statusCode(429);
        given().contentType(ContentType.JSON).body(body.replace(linkA, Tokens.generate())).post("/send")
                .then().statusCode(200);
        long hits = count("messaging-service", "hits", "/send");
        for (String notAToken : new String[] {"link-A", linkA + "+x", "y".repeat(200 * 1024)}) {
            given().contentType(ContentType.JSON).body(body.replace(linkA, notAToken)).post("/send").then().statusCode(404)
                    .body("code", equalTo("invalid_link_token"));
        }
        assertEquals(hits, count("messaging-service", "hits", "/send"), "what cannot be a token never reaches the service");
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
        // A header the client's Connection header names is hop-by-hop too, and stops here.
        given().header("Authorization", "Bearer " + token(claims(), "k1")).header("Connection", "keep-alive, X-Hop-Only")
                .header("X-Hop-Only", "for the gateway").header("X-End-To-End", "for the service").get("/api/v1/me").then()
                .statusCode(200).body("headers.x-end-to-end", equalTo("for the service"))
                .body("headers", Matchers.not(Matchers.hasKey("x-hop-only")));
    }

    @Test
    void forgedOrStaleTokensAre401AndNeverReachTheService() throws Exception {
        long before = count("audio-service", "hits", "/api/v1/audio-files/secret");
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
        byte[] publicKey = new JsonWebKeySet(jwks).getJsonWebKeys().get(0).getKey().getEncoded();
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
        assertEquals(before, count("audio-service", "hits", "/api/v1/audio-files/secret"), "no forged request reached the service");
    }

    @Inject
    SessionRevocations revocations;

    @Test
    void aTokenWithoutBearerIsAcceptedAndReachesTheServiceInOneForm() {
        // Seed 000 takes "Authorization: <token>" as well as "Bearer <token>".
        JwtClaims claims = claims();
        claims.setSubject("bare-token-user"); // its own per-user budget
        String bare = token(claims, "k1");
        given().header("Authorization", bare).get("/api/user/audio-files").then().statusCode(200)
                .body("headers.authorization", equalTo("Bearer " + bare));
        given().header("Authorization", "Basic " + bare).get("/api/user/audio-files").then().statusCode(401);
    }

    @Test
    void aTokenIssuedBeforeItsUserEndedTheSessionsIsRefusedEvenWhenItsCheckIsCached() throws Exception {
        JwtClaims claims = claims();
        claims.setSubject("revoked-sessions-user");
        claims.setClaim("iat_ms", System.currentTimeMillis() - 1000);
        String old = "Bearer " + token(claims, "k1");
        given().header("Authorization", old).get("/api/v1/me").then().statusCode(200); // now cached
        long before = count("auth-service", "hits", "/api/v1/me");
        revocations.revoke("revoked-sessions-user", System.currentTimeMillis());
        given().header("Authorization", old).get("/api/v1/me").then().statusCode(401).body("code", equalTo("token_invalid"));
        assertEquals(before, count("auth-service", "hits", "/api/v1/me"), "the revoked token never reached the service");
        JwtClaims fresh = claims();
        fresh.setSubject("revoked-sessions-user");
        fresh.setClaim("iat_ms", System.currentTimeMillis());
        given().header("Authorization", "Bearer " + token(fresh, "k1")).get("/api/v1/me").then().statusCode(200);
        // A token without iat_ms counts from the start of its iat second.
        JwtClaims secondsOnly = claims();
        secondsOnly.setSubject("revoked-sessions-user");
        secondsOnly.setIssuedAt(NumericDate.fromSeconds(System.currentTimeMillis() / 1000 - 5));
        given().header("Authorization", "Bearer " + token(secondsOnly, "k1")).get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void aKeyTheGatewayHasNotSeenIsFetchedFromTheJwks() throws Exception {
        String withK2 = "Bearer " + sign(claims(), key("k2"), "k2");
        given().header("Authorization", withK2).get("/api/v1/me").then().statusCode(401);
        control("auth-service", "publish-k2");
        given().header("Authorization", withK2).get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void aKeyAuthServiceWithdrawsStopsWorkingAtTheGatewayToo() throws Exception {
        JwtClaims claims = claims();
        claims.setSubject("key-withdrawal-user"); // its own per-user budget: the loop below polls
        String withK2 = "Bearer " + sign(claims, key("k2"), "k2");
        control("auth-service", "publish-k2");
        given().header("Authorization", withK2).get("/api/v1/me").then().statusCode(200);
        control("auth-service", "retire-k2");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int status;
        while ((status = given().header("Authorization", withK2).get("/api/v1/me").statusCode()) == 200 && System.nanoTime() < deadline) {
            Thread.sleep(200); // the test refreshes the JWKS every second
        }
        assertEquals(401, status, "the same token, verified before, once its key is withdrawn");
        given().header("Authorization", "Bearer " + token(claims(), "k1")).get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void bodiesOverTheRouteLimitAre413AndUnsizedJsonIs411() throws Exception {
        given().header("Authorization", "Bearer " + token(claims(), "k1")).contentType(ContentType.JSON)
                .body(new byte[300 * 1024]).post("/api/v1/transcriptions").then().statusCode(413).body("code", equalTo("body_too_large"));
        HttpResponse<String> chunked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway() + "/api/v1/transcriptions"))
                .header("Authorization", "Bearer " + token(claims(), "k1"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[10]))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(411, chunked.statusCode(), chunked.body());
    }

    @Test
    void theFaceRoutesTakeAPhoneSizedPhotoAndNoMore() throws Exception {
        long before = count("auth-service", "hits", "/api/auth/face-verify");
        // Public: face-verify also completes a login, before any token exists.
        assertEquals(200, postPhotoJson("/api/auth/face-verify", 6 << 20, null));
        assertEquals(before + 1, count("auth-service", "hits", "/api/auth/face-verify"));
        assertEquals(413, postPhotoJson("/api/auth/face-verify", 9 << 20, null));
        assertEquals(401, postPhotoJson("/api/auth/setup-face", 6 << 20, null));
        assertEquals(200, postPhotoJson("/api/auth/setup-face", 6 << 20, "Bearer " + token(claims(), "k1")));
        // Every other auth route keeps the JSON limit.
        assertEquals(413, postPhotoJson("/api/auth/profile", 1 << 20, "Bearer " + token(claims(), "k1")));
    }

    /** POSTs {"image":"AAAA…"} of about {@code size} bytes, generated as it is sent (the test's heap is small). */
    private static int postPhotoJson(String path, int size, String bearer) throws Exception {
        byte[] head = "{\"image\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] tail = "\"}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.util.function.Supplier<java.io.InputStream> body = () -> new java.io.SequenceInputStream(java.util.Collections.enumeration(List.of(
                new ByteArrayInputStream(head), new java.io.InputStream() {
                    private int left = size - head.length - tail.length;

                    @Override
                    public int read() {
                        return left-- > 0 ? 'A' : -1;
                    }
                }, new ByteArrayInputStream(tail))));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(body), size));
        if (bearer != null) {
            request.header("Authorization", bearer);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aSimplexSendIsAPostAndItsBodyIsNeverBufferedWhateverTheMethod() throws Exception {
        long before = count("messaging-service", "hits", "/send");
        // Before the fix: a chunked GET /send was read whole into the heap (1 GB ended the process).
        String answer = rawExchange("GET /send HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n", 64L << 20, true);
        assertTrue(answer.startsWith("HTTP/1.1 405"), answer);
        assertTrue(answer.contains("\"code\":\"method_not_allowed\"") && answer.toLowerCase().contains("allow: post"), answer);
        answer = rawExchange("POST /send HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n", 64L << 20, true);
        assertTrue(answer.startsWith("HTTP/1.1 411"), answer);
        assertEquals(before, count("messaging-service", "hits", "/send"), "nothing reached the service");
        given().get("/.well-known/jwks.json").then().statusCode(200); // and the gateway still serves
    }

    @Test
    void chunkedBodiesOnAnyMethodAre411OnJsonRoutes() throws Exception {
        for (String method : new String[] {"GET", "DELETE", "OPTIONS", "POST"}) {
            String answer = rawExchange(method + " /api/v1/me HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer " + token(claims(), "k1")
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n", 16L << 20, true);
            assertTrue(answer.startsWith("HTTP/1.1 411"), method + ": " + answer);
        }
    }

    @Test
    void aChunkedUploadPastTheBudgetIs413AndCutAtTheServiceWhateverTheMethod() throws Exception {
        String path = "/api/v1/audio-files/upload";
        for (String method : new String[] {"POST", "GET"}) {
            long completed = count("audio-service", "completed", path);
            long cut = count("audio-service", "cut", path);
            String answer = rawExchange(method + " " + path + " HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer " + token(claims(), "k1")
                    + "\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n",
                    StubServicesResource.UPLOAD_BUDGET + (8L << 20), true);
            assertTrue(answer.startsWith("HTTP/1.1 413"), method + ": " + answer);
            assertTrue(answer.contains("\"code\":\"body_too_large\""), answer);
            awaitCount("audio-service", "cut", path, cut + 1);
            assertEquals(completed, count("audio-service", "completed", path), method + ": the service never saw the body end");
        }
    }

    /**
     * Sends {@code head} and then up to {@code bodyBytes} of body (chunked or plain) from another thread,
     * and answers what the gateway said; the sender stops when the gateway closes the connection.
     */
    private static String rawExchange(String head, long bodyBytes, boolean chunked) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", URI.create(gateway()).getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            Thread sender = new Thread(() -> {
                byte[] piece = new byte[64 * 1024];
                try {
                    for (long sent = 0; sent < bodyBytes; sent += piece.length) {
                        if (chunked) {
                            out.write((Integer.toHexString(piece.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        }
                        out.write(piece);
                        if (chunked) {
                            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                    }
                    if (chunked) {
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                } catch (IOException closed) {
                    // the gateway answered and closed the connection: what it was meant to do
                }
            });
            sender.start();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) != -1; ) {
                    answer.write(buffer, 0, n);
                    if (answer.toString(StandardCharsets.US_ASCII).contains("}")) {
                        break; // the JSON error body is complete
                    }
                }
            } catch (SocketException reset) {
                // a reset after the answer arrived
            }
            socket.close();
            sender.join(30_000);
            return answer.toString(StandardCharsets.US_ASCII);
        }
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

        // Another client behind the trusted proxy (127.0.0.1 here, the Ingress in production) has its own budget,
        // and the service learns who it was.
        given().header("X-Forwarded-For", "203.0.113.9").contentType(ContentType.JSON).body("{}").post("/api/auth/login")
                .then().statusCode(200).body("headers.x-forwarded-for", equalTo("203.0.113.9"));
    }

    @Test
    void aClientCannotChooseItsAddressByWritingTheLeftOfXForwardedFor() {
        // The trusted proxy (127.0.0.1 here) appends what it saw, 203.0.113.20; what the client wrote, left of
        // it, changes every time. Before: the leftmost hop was taken, a fresh bucket per request.
        int allowed = 0;
        for (int i = 0; i < 8; i++) {
            var response = given().header("X-Forwarded-For", "198.18.0." + i + ", 203.0.113.20").contentType(ContentType.JSON)
                    .body("{}").post("/api/auth/login");
            if (response.statusCode() == 429) {
                break;
            }
            response.then().statusCode(200).body("headers.x-forwarded-for", equalTo("203.0.113.20"));
            allowed++;
        }
        assertTrue(allowed <= 5, "one budget for the one client: " + allowed);
        // IPv6 clients share the budget of their /64.
        int allowedV6 = 0;
        for (int i = 0; i < 8; i++) {
            var response = given().header("X-Forwarded-For", "2001:db8:77:1::" + Integer.toHexString(i + 1)).contentType(ContentType.JSON)
                    .body("{}").post("/api/auth/login");
            if (response.statusCode() == 429) {
                break;
            }
            allowedV6++;
        }
        assertTrue(allowedV6 <= 5, "one budget for the /64: " + allowedV6);
    }

    @Test
    void corsPreflightAnswersOnlyTheAllowedOrigin() {
        given().header("Origin", "https://app.panzoto.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "Authorization,Content-Type")
                .options("/api/v1/me").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "https://app.panzoto.example")
                .header("Access-Control-Allow-Credentials", Matchers.not(equalTo("true")));
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
        JsonObject echo = new JsonObject(upload.body());
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
        assertEquals("hello through the gateway", echoThroughWebSocket("hello through the gateway"));
    }

    @Test
    void webSocketUpgradesGoOnlyToWebSocketRoutesAndAServicesRefusalIsNotAFailure() throws Exception {
        assertTrue(upgrade("/api/v1/me").startsWith("HTTP/1.1 400"), "no upgrade on a plain route");
        for (int i = 0; i < 6; i++) { // more than the circuit's threshold of 5
            String answer = upgrade("/ws/refused");
            assertTrue(answer.startsWith("HTTP/1.1 403") && answer.contains("upgrade_refused"), answer);
        }
        // messaging-service's circuit stayed closed: a real upgrade still goes through.
        assertEquals("still open", echoThroughWebSocket("still open"));
    }

    @Test
    void moreSocketsThanVertxsDefaultPoolOfFiftyAreOpenAtOnce() throws Exception {
        // Vert.x's WebSocket client queues the 51st connection to an endpoint until one closes.
        HttpClient client = HttpClient.newHttpClient();
        java.util.List<WebSocket> open = new java.util.ArrayList<>();
        java.util.List<CompletableFuture<String>> echoes = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 80; i++) {
                CompletableFuture<String> echoed = new CompletableFuture<>();
                echoes.add(echoed);
                open.add(client.newWebSocketBuilder().header("X-Forwarded-For", "10.66.0." + (i + 1))
                        .buildAsync(URI.create(gateway().replace("http", "ws") + "/ws/messages"), new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                                echoed.complete(data.toString());
                                return null;
                            }
                        }).get(5, TimeUnit.SECONDS));
            }
            for (int i = 0; i < open.size(); i++) {
                open.get(i).sendText("socket " + i, true);
            }
            for (int i = 0; i < open.size(); i++) {
                assertEquals("socket " + i, echoes.get(i).get(5, TimeUnit.SECONDS));
            }
        } finally {
            open.forEach(WebSocket::abort);
        }
    }

    /** Sends one text frame to the echoing /ws/messages through the gateway and returns what came back. */
    private static String echoThroughWebSocket(String text) throws Exception {
        CompletableFuture<String> echoed = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(gateway().replace("http", "ws") + "/ws/messages"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        echoed.complete(data.toString());
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        socket.sendText(text, true);
        String answer = echoed.get(5, TimeUnit.SECONDS);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        return answer;
    }

    /** A raw WebSocket handshake (java.net.http will not send Upgrade on a plain request): the gateway's answer head. */
    private static String upgrade(String path) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", URI.create(gateway()).getPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: gateway\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Authorization: Bearer " + token(claims(), "k1") + "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] head = new byte[2048];
            int n = socket.getInputStream().read(head);
            return new String(head, 0, Math.max(n, 0), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void aWebSocketPeerThatStopsReadingStopsTheSenderInsteadOfFillingTheGateway() throws Exception {
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(gateway().replace("http", "ws") + "/ws/never-reads"), new WebSocket.Listener() { })
                .get(5, TimeUnit.SECONDS);
        ByteBuffer frame = ByteBuffer.wrap(new byte[32 * 1024]); // within the 64 KiB frame limit
        long sent = 0;
        boolean stalled = false;
        while (sent < (400L << 20) && !stalled) { // 400 MiB would not fit in the gateway's 160 MiB heap
            try {
                socket.sendBinary(frame.duplicate(), true).get(3, TimeUnit.SECONDS);
                sent += frame.capacity();
            } catch (TimeoutException e) {
                stalled = true;
            }
        }
        assertTrue(stalled, "the sender was held back (sent " + (sent >> 20) + " MiB)");
        assertTrue(sent < (100L << 20), "only socket buffers' worth passed before the stall: " + (sent >> 20) + " MiB");
        socket.abort();
        given().header("Authorization", "Bearer " + token(claims(), "k1")).get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void aClientThatAbandonsADownloadCancelsItAtTheService() throws Exception {
        String path = "/api/v1/audio-files/big/" + (1L << 30);
        long before = count("audio-service", "aborted", path);
        HttpResponse<InputStream> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway() + path))
                .header("Authorization", "Bearer " + token(claims(), "k1")).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = download.body()) {
            assertEquals(1 << 20, in.readNBytes(1 << 20).length);
        } // closed after 1 MiB of 1 GiB
        awaitCount("audio-service", "aborted", path, before + 1);
    }

    @Test
    void anUploadTheClientAbandonsIsCutAtTheServiceNeverPassedOnAsWhole() throws Exception {
        String path = "/api/v1/audio-files/upload";
        for (String framing : new String[] {"Transfer-Encoding: chunked", "Content-Length: " + (10L << 20)}) {
            long hits = count("audio-service", "hits", path);
            long completed = count("audio-service", "completed", path);
            long cut = count("audio-service", "cut", path);
            try (Socket socket = new Socket("127.0.0.1", URI.create(gateway()).getPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + path + " HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer " + token(claims(), "k1")
                        + "\r\nContent-Type: application/octet-stream\r\n" + framing + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                byte[] piece = new byte[64 * 1024];
                for (int i = 0; i < 16; i++) { // 1 MiB of the announced body, then the client vanishes
                    if (framing.startsWith("Transfer")) {
                        out.write((Integer.toHexString(piece.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(piece);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    } else {
                        out.write(piece);
                    }
                }
                out.flush();
                awaitCount("audio-service", "hits", path, hits + 1);
            }
            awaitCount("audio-service", "cut", path, cut + 1);
            assertEquals(completed, count("audio-service", "completed", path), framing + ": the service never saw the body end");
        }
    }

    @Test
    void eachSignedInUserHasALimitOfTheirOwn() {
        JwtClaims alice = claims();
        alice.setSubject("user-limit-alice");
        JwtClaims bob = claims();
        bob.setSubject("user-limit-bob");
        String aliceToken = "Bearer " + token(alice, "k1");
        int allowed = 0;
        long started = System.nanoTime();
        while (allowed <= PER_USER_LIMIT + 20) {
            var response = given().header("Authorization", aliceToken).get("/api/v1/me");
            if (response.statusCode() == 429) {
                response.then().body("code", equalTo("rate_limited")).header("Retry-After", Matchers.notNullValue());
                break;
            }
            response.then().statusCode(200);
            allowed++;
        }
        // The bucket refills at 40 a minute, so a slow run earns a little more.
        double refilled = (System.nanoTime() - started) / 60e9 * PER_USER_LIMIT;
        assertTrue(allowed >= PER_USER_LIMIT && allowed <= PER_USER_LIMIT + Math.ceil(refilled),
                "the per-user limit of the test configuration: " + allowed + " (refilled " + refilled + ")");
        given().header("Authorization", "Bearer " + token(bob, "k1")).get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void aRequestRefusedWhileItsBodyWasHeldLeavesTheConnectionUsable() throws Exception {
        HttpClient oneConnection = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String body = "{\"display_name\": \"held while the gateway decided\"}";
        for (int i = 0; i < 3; i++) { // the same kept-alive connection each time
            HttpResponse<String> forged = oneConnection.send(HttpRequest.newBuilder(URI.create(gateway() + "/api/v1/me"))
                    .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer not.a.jwt")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, forged.statusCode(), forged.body());
            HttpResponse<String> down = oneConnection.send(HttpRequest.newBuilder(URI.create(gateway() + "/api/v1/diary/entries"))
                    .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + token(claims(), "k1"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, down.statusCode(), down.body());
        }
    }

    @Test
    void aRefusedUploadIsAnsweredAndItsConnectionClosedWithoutReadingTheRest() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", URI.create(gateway()).getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/audio-files/upload HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer not.a.jwt\r\n"
                    + "Content-Type: application/octet-stream\r\nContent-Length: " + (200L << 20) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[1 << 20]); // 1 MiB of the announced 200 MiB
            out.flush();
            // The answer, then (after the gateway's 2 s linger) the end of the stream: it does not wait for the other 199 MiB.
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
            assertTrue(answer.toLowerCase().contains("connection: close"), answer);
            assertTrue(answer.contains("\"code\":\"token_invalid\""), answer);
        }
    }

    private static void control(String service, String command) throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(serviceUrl(service) + "/control/" + command))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    }

    private static void awaitCount(String service, String kind, String path, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long seen;
        while ((seen = count(service, kind, path)) < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(expected, seen, service + " " + kind + " " + path);
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
}
