package io.panzoto.gateway.routing;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stub services, except that diary-service is a server that accepts connections and reads
 * requests but never answers (a hung process), with a short request timeout and circuit threshold.
 * It counts the requests that reached it and tells the count to {@code GET /control/requests}, the
 * one request it does answer.
 */
public class SilentDiaryResource extends StubServicesResource {
    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("panzoto.gateway.request-timeout", "1s");
        config.put("panzoto.gateway.circuit.failure-threshold", "3");
        config.put("panzoto.gateway.circuit.open-for", "30s");
        return config;
    }

    @Override
    protected String diaryServiceUrl() {
        AtomicLong requests = new AtomicLong();
        NetServer server = vertx.createNetServer().connectHandler(socket -> socket.handler(data -> {
            String text = data.toString(StandardCharsets.ISO_8859_1);
            if (text.startsWith("GET /control/requests ")) {
                String body = Long.toString(requests.get());
                socket.write(Buffer.buffer("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body))
                        .onComplete(written -> socket.close());
                return;
            }
            requests.addAndGet(text.split(" HTTP/1\\.1\r\n", -1).length - 1);
        }));
        try {
            int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
            return "http://127.0.0.1:" + port;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
