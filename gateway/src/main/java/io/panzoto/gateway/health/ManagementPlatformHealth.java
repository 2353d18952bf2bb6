package io.panzoto.gateway.health;

import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The operators' view of the platform on the management port too ({@code /q/platform-health}, never
 * exposed by the Ingress): every service's readiness, 200 only when all are ready. The same answer as
 * the public {@code /api/v1/health}.
 */
@ApplicationScoped
public class ManagementPlatformHealth {
    void register(@Observes ManagementInterface management, DownstreamHealth downstreamHealth) {
        management.router().get("/q/platform-health").handler(routing -> downstreamHealth.check().subscribe().with(statuses -> {
            HealthResource.PlatformHealth health = HealthResource.PlatformHealth.of(statuses);
            routing.response().setStatusCode(health.allUp() ? 200 : 503).putHeader("Content-Type", "application/json")
                    .end(Json.encode(health));
        }, routing::fail));
    }
}
