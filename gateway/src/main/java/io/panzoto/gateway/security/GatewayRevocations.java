package io.panzoto.gateway.security;

import io.panzoto.revocation.RevocationFeed;
import io.panzoto.revocation.RevokedSessions;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The sessions users ended (logout-all, password change or recovery, deletion), read from
 * {@value RevokedSessions#TOPIC} as every service reads them: a revoked token is refused here even when
 * its signature check is cached. The Kafka connection comes from the same {@code kafka.*} settings
 * (KAFKA_BOOTSTRAP_SERVERS, KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM, KAFKA_SASL_JAAS_CONFIG) the
 * services take. Not ready until the revocations made before this replica started are read.
 */
@ApplicationScoped
public class GatewayRevocations {
    private static final List<String> KAFKA_SETTINGS = List.of("bootstrap.servers", "security.protocol", "sasl.mechanism",
            "sasl.jaas.config", "ssl.truststore.location", "ssl.truststore.password", "ssl.truststore.type");

    private final RevokedSessions sessions;
    private final Map<String, Object> kafka = new HashMap<>();
    private volatile RevocationFeed feed;

    public GatewayRevocations(Config config) {
        this.sessions = new RevokedSessions(config.getOptionalValue("panzoto.tokens.longest-life", Duration.class).orElse(Duration.ofDays(30)));
        for (String setting : KAFKA_SETTINGS) {
            config.getOptionalValue("kafka." + setting, String.class).ifPresent(value -> kafka.put(setting, value));
        }
        kafka.putIfAbsent("bootstrap.servers", "127.0.0.1:9092");
    }

    void start(@Observes StartupEvent event) {
        feed = new RevocationFeed(sessions, kafka, "gateway-revocations-" + ProcessHandle.current().pid()).start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (feed != null) {
            feed.close();
        }
    }

    public boolean isRevoked(String userId, long issuedAtMillis) {
        return sessions.isRevoked(userId, issuedAtMillis);
    }

    /** For tests and operators' tools: applies a revocation without waiting for the topic. */
    public void revoke(String userId, long notBeforeMillis) {
        sessions.revoke(userId, notBeforeMillis);
    }

    /** True once the revocations made before this replica started are read. */
    public boolean caughtUp() {
        RevocationFeed current = feed;
        return current != null && current.caughtUp();
    }

    /** Not ready before: a revoked token could still pass. (A separate bean: a health check is a qualified bean.) */
    @Readiness
    @ApplicationScoped
    public static class ReadWhole implements HealthCheck {
        private final GatewayRevocations revocations;

        public ReadWhole(GatewayRevocations revocations) {
            this.revocations = revocations;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("session-revocations").status(revocations.caughtUp()).build();
        }
    }
}
