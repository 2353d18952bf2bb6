package io.panzoto.gateway.routing;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.signing.RsaSigningKeys;
import io.panzoto.infra.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;

/**
 * Real HTTP servers playing the four services. Each echoes what reached it (service, method, path,
 * headers, body size and SHA-256, hashed as it streams), serves {@code /big/<bytes>} as a stream,
 * echoes WebSocket frames (except on {@code .../never-reads}, which stops reading, and {@code .../refused},
 * which refuses the upgrade with 403), and counts per path what reached it ({@code GET /control/<count>?path=}:
 * {@code hits} when a request arrives, {@code completed} when its whole body did, {@code cut} when its
 * body broke off, {@code aborted} when a download's reader went away). auth-service also serves a JWKS
 * with key "k1", and with "k2" too after {@code POST /control/publish-k2} (until {@code POST /control/retire-k2}). The private keys reach the
 * test through configuration; diary-service points at a closed port unless a subclass says otherwise.
 */
public class StubServicesResource implements QuarkusTestResourceLifecycleManager {
    /** Upload routes' byte budget in the tests: room for the 200 MiB stream, small enough to pass in a test. */
    static final long UPLOAD_BUDGET = 256L << 20;

    protected Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        KeyPair k1 = RsaSigningKeys.generate();
        KeyPair k2 = RsaSigningKeys.generate();
        AtomicBoolean publishK2 = new AtomicBoolean();
        Map<String, String> config = new HashMap<>();
        for (String service : List.of("auth-service", "audio-service", "messaging-service")) {
            int port = serve(service, service.equals("auth-service") ? () -> jwks(k1, k2, publishK2.get()) : null, publishK2);
            config.put("panzoto.gateway.services." + service + ".url", "http://127.0.0.1:" + port);
        }
        config.put("panzoto.gateway.services.diary-service.url", diaryServiceUrl());
        config.put("test.jwt.k1", Bytes.base64(k1.getPrivate().getEncoded()));
        config.put("test.jwt.k2", Bytes.base64(k2.getPrivate().getEncoded()));
        config.put("panzoto.gateway.token.jwks-min-refresh-interval", "0s");
        config.put("panzoto.gateway.token.jwks-refresh-interval", "1s");
        config.put("panzoto.gateway.max-upload-bytes", Long.toString(UPLOAD_BUDGET));
        config.put("panzoto.gateway.limits.credentials-per-minute", "5");
        config.put("panzoto.gateway.limits.simplex-send-per-link-per-minute", "3");
        config.put("panzoto.gateway.limits.per-user-per-minute", "40");
        config.put("quarkus.http.cors.origins", "https://app.panzoto.example");
        return config;
    }

    /** Where the gateway looks for diary-service: here a port nobody listens on. */
    protected String diaryServiceUrl() {
        return "http://127.0.0.1:" + Ports.free();
    }

    private int serve(String service, Supplier<String> jwks, AtomicBoolean publishK2) {
        Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
        HttpServer server = vertx.createHttpServer();
        server.requestHandler(request -> {
            String path = request.path();
            if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) { // upgrade here, explicitly
                if (path.endsWith("/refused")) { // a service that answers the handshake with a refusal
                    request.response().setStatusCode(403).end();
                } else if (path.endsWith("/never-reads")) { // a peer that stops reading: what reaches it must wait
                    request.toWebSocket().onSuccess(ws -> ws.pause());
                } else {
                    request.toWebSocket().onSuccess(ws -> ws.frameHandler(ws::writeFrame));
                }
                return;
            }
            if (path.equals("/control/retire-k2")) {
                publishK2.set(false);
                request.response().setStatusCode(204).end();
                return;
            }
            if (path.startsWith("/control/") && !path.equals("/control/publish-k2")) {
                String key = path.substring("/control/".length()) + "|" + request.getParam("path");
                request.response().end(Long.toString(counts.getOrDefault(key, new AtomicLong()).get()));
                return;
            }
            if (path.equals("/control/publish-k2")) {
                publishK2.set(true);
                request.response().setStatusCode(204).end();
                return;
            }
            Consumer<String> count = kind -> counts.computeIfAbsent(kind + "|" + path, k -> new AtomicLong()).incrementAndGet();
            count.accept("hits");
            if (jwks != null && path.equals("/.well-known/jwks.json")) {
                request.response().putHeader("Content-Type", "application/json").end(jwks.get());
                return;
            }
            if (path.contains("/big/")) {
                request.response().closeHandler(closed -> count.accept("aborted"));
                streamBytes(request.response(), Long.parseLong(path.substring(path.lastIndexOf('/') + 1)));
                return;
            }
            MessageDigest sha = sha256();
            AtomicLong size = new AtomicLong();
            request.handler(chunk -> {
                sha.update(chunk.getBytes());
                size.addAndGet(chunk.length());
            });
            request.exceptionHandler(failure -> count.accept("cut"));
            request.endHandler(done -> {
                count.accept("completed");
                JsonObject headers = new JsonObject();
                request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
                request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                        .put("service", service).put("method", request.method().name()).put("path", path)
                        .put("query", request.query()).put("headers", headers)
                        .put("bodyBytes", size.get()).put("bodySha256", Bytes.hex(sha.digest())).encode());
            });
        });
        try {
            return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code total} bytes in 64 KiB chunks, waiting whenever the client is slower. */
    private static void streamBytes(HttpServerResponse response, long total) {
        response.putHeader("Content-Length", Long.toString(total));
        Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
        AtomicLong left = new AtomicLong(total);
        Runnable[] pump = new Runnable[1];
        pump[0] = () -> {
            while (left.get() > 0 && !response.writeQueueFull()) {
                int n = (int) Math.min(chunk.length(), left.get());
                response.write(n == chunk.length() ? chunk : chunk.slice(0, n));
                left.addAndGet(-n);
            }
            if (left.get() == 0) {
                response.end();
            } else {
                response.drainHandler(v -> pump[0].run());
            }
        };
        pump[0].run();
    }

    private static String jwks(KeyPair k1, KeyPair k2, boolean withK2) {
        List<JsonWebKey> keys = new ArrayList<>();
        keys.add(jwk(k1, "k1"));
        if (withK2) {
            keys.add(jwk(k2, "k2"));
        }
        return new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    private static JsonWebKey jwk(KeyPair pair, String kid) {
        RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) pair.getPublic());
        jwk.setKeyId(kid);
        jwk.setAlgorithm("RS256");
        return jwk;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
