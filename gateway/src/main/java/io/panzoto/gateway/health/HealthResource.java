package io.panzoto.gateway.health;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * The platform's health as clients see it: 200 only when every service behind the gateway is ready.
 * {@code /api/health} is the Android app's route, {@code /health} the messenger's.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {
    private final DownstreamHealth downstreamHealth;

    public HealthResource(DownstreamHealth downstreamHealth) {
        this.downstreamHealth = downstreamHealth;
    }

    public record PlatformHealth(String status, Map<String, DownstreamHealth.Status> services) {
    }

    @GET
    @Path("api/health")
    public Uni<Response> apiHealth() {
        return platformHealth();
    }

    @GET
    @Path("health")
    public Uni<Response> health() {
        return platformHealth();
    }

    private Uni<Response> platformHealth() {
        return downstreamHealth.check().map(statuses -> {
            boolean allUp = statuses.values().stream().allMatch(DownstreamHealth.Status.UP::equals);
            return Response.status(allUp ? 200 : 503)
                    .entity(new PlatformHealth(allUp ? "UP" : "DOWN", statuses))
                    .build();
        });
    }
}
