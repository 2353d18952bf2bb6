package io.panzoto.gateway.health;

import com.sun.net.httpserver.HttpServer;
import io.panzoto.infra.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real HTTP servers standing in for the services behind the gateway. Each answers its readiness
 * probe with a status the test sets through {@code PUT /control/ready/{status}}; "slow" never answers
 * in time. Unless every name is served, one points at a port where nothing listens.
 */
public class StubDownstreamsResource implements QuarkusTestResourceLifecycleManager {
    static final List<String> SERVED = List.of("auth-service", "audio-service");
    static final String NOTHING_LISTENING = "diary-service";
    /** Short, so tests that change a stub's readiness wait little for the gateway to notice. */
    static final Duration HEALTH_CACHE = Duration.ofMillis(300);

    private final List<HttpServer> servers = new ArrayList<>();
    private boolean allServed;

    /** {@code all-served=true} serves every name, so the whole platform is up. */
    @Override
    public void init(Map<String, String> initArgs) {
        allServed = Boolean.parseBoolean(initArgs.getOrDefault("all-served", "false"));
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        for (String name : SERVED) {
            config.put("panzoto.gateway.services." + name + ".url", "http://127.0.0.1:" + serve());
        }
        config.put("panzoto.gateway.services.messaging-service.url", "http://127.0.0.1:" + serve());
        int diaryPort = allServed ? serve() : Ports.free();
        config.put("panzoto.gateway.services." + NOTHING_LISTENING + ".url", "http://127.0.0.1:" + diaryPort);
        config.put("panzoto.gateway.health-cache", HEALTH_CACHE.toMillis() + "ms");
        return config;
    }

    private int serve() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(Ports.HOST, 0), 16);
            AtomicInteger readyStatus = new AtomicInteger(200);
            AtomicInteger probes = new AtomicInteger();
            server.createContext("/control/probes", exchange -> {
                byte[] body = Integer.toString(probes.get()).getBytes();
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.createContext("/q/health/ready", exchange -> {
                probes.incrementAndGet();
                if (readyStatus.get() == 0) { // "slow": hold the request past the gateway's deadline
                    sleep(5000);
                }
                byte[] body = ("{\"status\":\"" + (readyStatus.get() == 200 ? "UP" : "DOWN") + "\"}").getBytes();
                exchange.sendResponseHeaders(readyStatus.get() == 0 ? 200 : readyStatus.get(), body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.createContext("/control/ready/", exchange -> {
                String value = exchange.getRequestURI().getPath().substring("/control/ready/".length());
                readyStatus.set("slow".equals(value) ? 0 : Integer.parseInt(value));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
            servers.add(server);
            return server.getAddress().getPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        servers.forEach(server -> server.stop(0));
    }
}
