package io.panzoto.gateway.health;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;

/**
 * The platform's health. The seeds' routes answer as the seeds did, about the services their clients
 * use: {@code /api/health} (the Android app, seeds 000/001) {@code {"status": "healthy", "service":
 * "panzoto-backend"}} while auth- and audio-service are ready, {@code /health} (the messenger, seed 002)
 * {@code {"status": "healthy", "timestamp"}} while messaging-service is; otherwise 503 with "unhealthy".
 * {@code /api/v1/health} is the operators' view: every service, 200 only when all are ready (also on the
 * management port, {@code /q/platform-health}).
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {
    private static final List<String> ANDROID_BACKEND = List.of("auth-service", "audio-service");
    private static final List<String> MESSENGER_BACKEND = List.of("messaging-service");

    private final DownstreamHealth downstreamHealth;

    public HealthResource(DownstreamHealth downstreamHealth) {
        this.downstreamHealth = downstreamHealth;
    }

    public record PlatformHealth(String status, Map<String, DownstreamHealth.Status> services) {
        static PlatformHealth of(Map<String, DownstreamHealth.Status> statuses) {
            boolean allUp = statuses.values().stream().allMatch(DownstreamHealth.Status.UP::equals);
            return new PlatformHealth(allUp ? "UP" : "DOWN", statuses);
        }

        boolean allUp() {
            return "UP".equals(status);
        }
    }

    /** Seed 000's answer, with the services it depends on as an extra field. */
    public record AndroidHealth(String status, String service, Map<String, DownstreamHealth.Status> services) {
    }

    /** Seed 002's answer. */
    public record MessengerHealth(String status, String timestamp) {
    }

    @GET
    @Path("api/health")
    public Uni<Response> apiHealth() {
        return downstreamHealth.check().map(statuses -> {
            boolean up = allUp(statuses, ANDROID_BACKEND);
            Map<String, DownstreamHealth.Status> used = new TreeMap<>();
            ANDROID_BACKEND.forEach(name -> used.put(name, statuses.get(name)));
            return Response.status(up ? 200 : 503).entity(new AndroidHealth(up ? "healthy" : "unhealthy", "panzoto-backend", used)).build();
        });
    }

    @GET
    @Path("health")
    public Uni<Response> health() {
        return downstreamHealth.check().map(statuses -> {
            boolean up = allUp(statuses, MESSENGER_BACKEND);
            String now = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            return Response.status(up ? 200 : 503).entity(new MessengerHealth(up ? "healthy" : "unhealthy", now)).build();
        });
    }

    @GET
    @Path("api/v1/health")
    public Uni<Response> platformHealth() {
        return downstreamHealth.check().map(PlatformHealth::of)
                .map(health -> Response.status(health.allUp() ? 200 : 503).entity(health).build());
    }

    private static boolean allUp(Map<String, DownstreamHealth.Status> statuses, List<String> services) {
        return services.stream().allMatch(name -> DownstreamHealth.Status.UP.equals(statuses.get(name)));
    }
}
