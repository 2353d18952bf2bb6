package io.panzoto.platform.security;

import io.panzoto.platform.kafka.KafkaClients;
import io.panzoto.revocation.RevocationFeed;
import io.panzoto.revocation.RevokedSessions;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * This service's view of the sessions users ended (logout-all, password change or recovery, deletion),
 * read from {@value RevokedSessions#TOPIC}: a token issued before its user's revocation is refused here
 * as at the gateway. Not ready until the revocations made before this replica started are read.
 */
@ApplicationScoped
public class SessionRevocations {
    private final KafkaClients clients;
    private final RevokedSessions sessions;
    private final String clientId;
    private volatile RevocationFeed feed;

    public SessionRevocations(KafkaClients clients,
                              @ConfigProperty(name = "panzoto.tokens.longest-life", defaultValue = "P30D") Duration longestTokenLife,
                              @ConfigProperty(name = "quarkus.application.name") String application) {
        this.clients = clients;
        this.sessions = new RevokedSessions(longestTokenLife);
        this.clientId = application + "-revocations-" + ProcessHandle.current().pid();
    }

    void start(@Observes StartupEvent event) {
        feed = new RevocationFeed(sessions, clients.config(Map.of()), clientId).start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (feed != null) {
            feed.close();
        }
    }

    /** Whether the user ended the session this token (issued at that millisecond) belongs to. */
    public boolean isRevoked(String userId, long issuedAtMillis) {
        return sessions.isRevoked(userId, issuedAtMillis);
    }

    /** Applies a revocation at once (auth-service, which records it), before the feed brings it back. */
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
