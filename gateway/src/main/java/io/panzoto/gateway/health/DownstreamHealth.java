package io.panzoto.gateway.health;

import io.panzoto.gateway.GatewayConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Asks every downstream service's readiness endpoint at once, each with a short deadline. */
@ApplicationScoped
public class DownstreamHealth {
    public enum Status { UP, DOWN, UNREACHABLE }

    private final GatewayConfig config;
    private final WebClient client;
    private final Uni<Map<String, Status>> shared;

    public DownstreamHealth(GatewayConfig config, Vertx vertx) {
        this.config = config;
        this.client = WebClient.create(vertx);
        // Health is public: callers within health-cache of each other share one round of probes, so a
        // flood of health checks never becomes four times as many requests to the services.
        Uni<Map<String, Status>> probing = Uni.createFrom().deferred(this::probeAll);
        this.shared = config.healthCache().isZero() ? probing : probing.memoize().atLeast(config.healthCache());
    }

    /** Each service's readiness, by service name, in name order (at most health-cache old). */
    public Uni<Map<String, Status>> check() {
        return shared;
    }

    private Uni<Map<String, Status>> probeAll() {
        List<Uni<Map.Entry<String, Status>>> probes = new ArrayList<>();
        config.services().forEach((name, downstream) -> probes.add(probe(name, downstream.url().toString())));
        return Uni.join().all(probes).andFailFast().map(entries -> {
            Map<String, Status> statuses = new TreeMap<>();
            entries.forEach(entry -> statuses.put(entry.getKey(), entry.getValue()));
            return statuses;
        });
    }

    private Uni<Map.Entry<String, Status>> probe(String name, String baseUrl) {
        return client.getAbs(baseUrl + "/q/health/ready")
                .timeout(config.healthTimeout().toMillis())
                .send()
                .map(response -> Map.entry(name, response.statusCode() == 200 ? Status.UP : Status.DOWN))
                .onFailure().recoverWithItem(Map.entry(name, Status.UNREACHABLE));
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
