package io.panzoto.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** The services behind the gateway and how long the gateway waits for them. */
@ConfigMapping(prefix = "panzoto.gateway")
public interface GatewayConfig {
    /** Downstream services by name (auth-service, audio-service, ...). */
    Map<String, Downstream> services();

    @WithDefault("2s")
    Duration healthTimeout();

    /** Health answers within this long of each other share one round of readiness probes. */
    @WithDefault("1s")
    Duration healthCache();

    /** How long to wait for a service to accept a connection: a dead one answers 503 at once. */
    @WithDefault("1s")
    Duration connectTimeout();

    /**
     * How long a service may stay silent once the whole request has reached it: before its answer
     * starts, and between chunks of the answer. An upload's own duration does not count.
     */
    @WithDefault("60s")
    Duration requestTimeout();

    /**
     * The proxies in front of the gateway (the Ingress controller), as addresses or CIDR blocks: only
     * from them is X-Forwarded-For read, from the right, to find the client.
     */
    @WithDefault("127.0.0.1")
    String trustedProxies();

    /**
     * The byte budget of an upload route's body, counted as it streams whatever the framing (the
     * services' own limits are lower; this stops a body that no service would take at the edge).
     */
    @WithDefault("2147483648")
    long maxUploadBytes();

    /**
     * WebSockets open at once to each service. Vert.x's client allows 50 per endpoint by default and
     * queues the rest: the 51st client's upgrade would wait for another to close (measured: 1,000
     * SecureSession sockets through the gateway timed out after 100).
     */
    @WithDefault("20000")
    int maxWebSocketsPerService();

    Circuit circuit();

    Token token();

    Limits limits();

    /** What an access token must say, and how often the gateway may refetch the JWKS for an unknown key. */
    interface Token {
        @WithDefault("https://auth.panzoto.local")
        String issuer();

        @WithDefault("panzoto")
        String audience();

        @WithDefault("10s")
        Duration jwksMinRefreshInterval();

        /** How often the JWKS is fetched anyway (read by the scheduler; listed here to be documented and validated). */
        @WithDefault("5m")
        Duration jwksRefreshInterval();
    }

    /** Requests per minute per client address, by route group, and per signed-in user. */
    interface Limits {
        @WithDefault("30")
        int credentialsPerMinute();

        @WithDefault("120")
        int simplexSendPerMinute();

        /** Simplex sends to one link, whoever sends them (the link token is read from the body). */
        @WithDefault("60")
        int simplexSendPerLinkPerMinute();

        @WithDefault("600")
        int defaultPerMinute();

        @WithDefault("30")
        int uploadPerMinute();

        @WithDefault("1200")
        int perUserPerMinute();
    }

    /** When to stop sending requests to a failing service for a while (answering 503 at once instead). */
    interface Circuit {
        /** Consecutive transport failures (no connection, no answer in time) that open the circuit. */
        @WithDefault("5")
        int failureThreshold();

        /** How long an open circuit refuses requests before letting one trial through. */
        @WithDefault("10s")
        Duration openFor();
    }

    interface Downstream {
        URI url();
    }
}
