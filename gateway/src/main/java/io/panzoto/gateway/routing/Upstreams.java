package io.panzoto.gateway.routing;

import io.panzoto.gateway.GatewayConfig;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The services behind the gateway: where each one is, and its {@link CircuitBreaker}. */
@Singleton
public class Upstreams {
    /** One service: host and port to connect to, and the circuit that says whether to try. */
    record Upstream(String name, String host, int port, CircuitBreaker circuit) {
    }

    private final Map<String, Upstream> byName = new HashMap<>();
    private final Refusals refusals;

    public Upstreams(GatewayConfig config, Refusals refusals) {
        this.refusals = refusals;
        config.services().forEach((name, service) -> {
            URI url = service.url();
            int port = url.getPort() > 0 ? url.getPort() : ("https".equals(url.getScheme()) ? 443 : 80);
            byName.put(name, new Upstream(name, url.getHost(), port,
                    new CircuitBreaker(config.circuit().failureThreshold(), config.circuit().openFor())));
        });
    }

    /** The service when a request may go to it; empty (the client answered 503 with Retry-After) while its circuit is open. */
    Optional<Upstream> admit(String name, HttpServerRequest request, HttpServerResponse response) {
        Upstream upstream = byName.get(name);
        Duration wait = upstream.circuit().tryPass();
        if (wait.isZero()) {
            return Optional.of(upstream);
        }
        refusals.rejectForNow(request, response, wait, 503, "service_unavailable", Refusals.UNAVAILABLE);
        return Optional.empty();
    }
}
