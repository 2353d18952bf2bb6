package io.panzoto.audio.operations;

import static io.panzoto.audio.AudioTestSupport.newUser;
import static io.panzoto.audio.AudioTestSupport.publish;
import static io.panzoto.audio.AudioTestSupport.putObject;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.audio.AudioTestResource;
import io.panzoto.audio.AudioTestSupport.TestUser;
import io.panzoto.testing.Eventually;
import io.panzoto.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What operators watch, read from the service's own /q/metrics with the real broker and database behind
 * it: the broker-side consumer lag and dead-letter depth, the outbox backlog, events per type; and every
 * metric the alert rules and the Grafana dashboard (deploy/k8s/monitoring) name is one the service
 * exports, so a renamed metric cannot silently blank a panel or an alert.
 */
@QuarkusTest
@WithTestResource(AudioTestResource.class)
class OperatorMetricsTest {
    private static final Path MONITORING = Path.of(System.getProperty("panzoto.root", "..")).resolve("deploy/k8s/monitoring");
    private static final Pattern METRIC = Pattern.compile("panzoto_[a-z_]+");

    @Test
    void aParkedEventShowsAsDeadLetterDepthAndAFailedEventOfItsType() {
        String marker = UUID.randomUUID().toString();
        publish("auth.user-registered", UUID.randomUUID(), "auth.user-registered", marker, "{\"user_id\":\"not-a-uuid-" + marker + "\"}");
        TopicReader.awaitRecord("auth.user-registered.dlq", record -> record.value() != null && record.value().contains(marker),
                Duration.ofSeconds(60));
        Eventually.until("the .dlq depth is exported", Duration.ofSeconds(30), () ->
                value(metrics(), "panzoto_kafka_dlq_depth{topic=\"auth.user-registered.dlq\"}") >= 1);
        assertTrue(value(metrics(), "panzoto_events_failed_total{type=\"auth.user-registered\"}") >= 1, "counted as failed, by type");
    }

    @Test
    void consumerLagOfEveryGroupAndTheOutboxBacklogAreExported() {
        TestUser account = newUser();
        String key = account.key("metrics.3gp");
        putObject(key, new byte[3]);
        given().header("Authorization", account.bearer()).contentType(ContentType.JSON).body(Map.of("s3_key", key, "file_size", 3))
                .post("/api/audio-file").then().statusCode(201);
        Eventually.until("lag, outbox and per-type figures are exported", Duration.ofSeconds(30), () -> {
            String metrics = metrics();
            return metrics.contains("panzoto_kafka_consumer_lag{group=\"audio-service\",partition=\"0\",topic=\"auth.user-deleted\"}")
                    && metrics.contains("panzoto_kafka_consumer_lag{group=\"audio-transcriber\"")
                    && value(metrics, "panzoto_events_published_total{topic=\"audio.uploaded\",type=\"audio.uploaded\"}") >= 1
                    && value(metrics, "panzoto_events_consumed_total{type=\"auth.user-registered\"}") >= 1
                    && metrics.contains("\npanzoto_outbox_backlog ") && metrics.contains("\npanzoto_outbox_oldest_age_seconds ");
        });
    }

    @Test
    void everyMetricTheAlertsAndTheDashboardNameIsExported() throws IOException {
        Set<String> named = new TreeSet<>();
        try (Stream<Path> files = Files.list(MONITORING)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".yaml") || path.toString().endsWith(".json")).toList()) {
                Matcher matcher = METRIC.matcher(Files.readString(file));
                while (matcher.find()) {
                    named.add(matcher.group());
                }
            }
        }
        assertTrue(named.size() >= 7, "the rules and the dashboard name the platform's metrics: " + named);
        // Counters appear with their first increment; make sure each has had one.
        consumerLagOfEveryGroupAndTheOutboxBacklogAreExported();
        aParkedEventShowsAsDeadLetterDepthAndAFailedEventOfItsType();
        String metrics = metrics();
        for (String name : named) {
            assertTrue(metrics.contains("\n" + name + "{") || metrics.contains("\n" + name + " "), name + " is not exported");
        }
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The sample's value (summed over any series that start with the given name and labels), or -1. */
    private static double value(String metrics, String series) {
        String prefix = series.endsWith("}") ? series.substring(0, series.length() - 1) : series;
        return metrics.lines().filter(line -> line.startsWith(prefix)).mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .reduce(Double::sum).orElse(-1);
    }
}
