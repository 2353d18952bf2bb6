package io.panzoto.revocation;

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
 * This process's view of the sessions users ended (a logout, logout-all, password change or recovery, deletion),
 * read from {@value RevokedSessions#TOPIC}: the one bean the gateway and every service use, so a token
 * issued before its user's revocation is refused everywhere alike. The Kafka connection comes from the
 * {@code kafka.*} settings every process already has (KAFKA_BOOTSTRAP_SERVERS, KAFKA_SECURITY_PROTOCOL,
 * KAFKA_SASL_*, TLS trust). Not ready until the revocations made before this replica started are read.
 */
@ApplicationScoped
public class SessionRevocations {
    private static final List<String> KAFKA_SETTINGS = List.of("bootstrap.servers", "security.protocol", "sasl.mechanism",
            "sasl.jaas.config", "ssl.truststore.location", "ssl.truststore.password", "ssl.truststore.type",
            "ssl.keystore.location", "ssl.keystore.password", "ssl.keystore.type", "ssl.key.password",
            "ssl.endpoint.identification.algorithm");

    private final RevokedSessions sessions;
    private final Map<String, Object> kafka = new HashMap<>();
    private final String clientId;
    private volatile RevocationFeed feed;

    public SessionRevocations(Config config) {
        this.sessions = new RevokedSessions(config.getOptionalValue("panzoto.tokens.longest-life", Duration.class)
                .orElse(Duration.ofDays(30)));
        for (String setting : KAFKA_SETTINGS) {
            config.getOptionalValue("kafka." + setting, String.class).ifPresent(value -> kafka.put(setting, value));
        }
        kafka.putIfAbsent("bootstrap.servers", "127.0.0.1:9092");
        this.clientId = config.getOptionalValue("quarkus.application.name", String.class).orElse("panzoto")
                + "-revocations-" + ProcessHandle.current().pid();
    }

    void start(@Observes StartupEvent event) {
        feed = new RevocationFeed(sessions, kafka, clientId).start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (feed != null) {
            feed.close();
        }
    }

    /**
     * Whether the user ended the session this token or ticket (issued at that millisecond, in that
     * session; null: unnamed) belongs to: by ending every session, or that one.
     */
    public boolean isRevoked(String userId, String sessionId, long issuedAtMillis) {
        return sessions.isRevoked(userId, sessionId, issuedAtMillis);
    }

    /** Applies a revocation at once (auth-service, which records it; tests), before the feed brings it back. */
    public void revoke(String userId, long notBeforeMillis) {
        sessions.revoke(userId, notBeforeMillis);
    }

    /** Applies the end of one session at once (auth-service at a logout), before the feed brings it back. */
    public void endSession(String sessionId, long untilMillis) {
        sessions.endSession(sessionId, untilMillis);
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
        private final SessionRevocations revocations;

        public ReadWhole(SessionRevocations revocations) {
            this.revocations = revocations;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("session-revocations").status(revocations.caughtUp()).build();
        }
    }
}
