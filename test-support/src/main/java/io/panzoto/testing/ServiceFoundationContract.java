package io.panzoto.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panzoto.infra.Ports;
import io.panzoto.platform.outbox.EventEnvelope;
import io.panzoto.platform.outbox.Outbox;
import io.panzoto.platform.outbox.OutboxEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * What every service must do on the foundation: migrate its own database, keep a row, publish an
 * event through its outbox and the real broker, and report readiness truthfully as the broker comes
 * and goes. A service's test class extends this and names the topic it produces on.
 */
public abstract class ServiceFoundationContract {
    @Inject
    Outbox outbox;

    @Inject
    ObjectMapper mapper;

    /** A topic this service publishes on. */
    protected abstract String producedTopic();

    @Test
    void migrationsRanOnTheServicesOwnDatabase() throws Throwable {
        Long applied = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() ->
                Panache.getSession().chain(session -> session
                        .createNativeQuery("SELECT count(*) FROM flyway_schema_history WHERE success", Long.class)
                        .getSingleResult())));
        assertTrue(applied >= 1, "Flyway applied the migrations");
    }

    @Test
    void anOutboxRowIsStoredAndReadBack() throws Throwable {
        String aggregate = "probe-" + UUID.randomUUID();
        EventEnvelope written = append(aggregate);
        OutboxEvent stored = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() ->
                OutboxEvent.<OutboxEvent>find("eventId", written.eventId()).firstResult()));
        assertNotNull(stored);
        assertEquals(aggregate, stored.aggregateId());
        assertEquals(producedTopic(), stored.topic());
        assertEquals(written.eventId(), mapper.readTree(stored.payload()).get("event_id").asText().transform(UUID::fromString));
    }

    @Test
    void anOutboxEventTravelsThroughTheBrokerAsTheDesignedEnvelope() throws Throwable {
        String aggregate = "probe-" + UUID.randomUUID();
        EventEnvelope written = append(aggregate);
        ConsumerRecord<String, String> record = TopicReader.awaitRecord(producedTopic(),
                r -> aggregate.equals(r.key()), Duration.ofSeconds(60));
        JsonNode event = mapper.readTree(record.value());
        assertEquals(written.eventId().toString(), event.get("event_id").asText());
        assertEquals("platform.probe", event.get("type").asText());
        assertEquals(1, event.get("schema_version").asInt());
        assertTrue(event.hasNonNull("occurred_at"));
        assertEquals(aggregate, event.get("body").get("probe").asText());
        awaitPublishedStamp(written.eventId());
    }

    @Test
    void readinessIsDownWhileTheBrokerIsDownAndRecoversWithoutRestart() {
        given().get("/q/health/ready").then().statusCode(200);
        TestInfra.killKafka();
        try {
            Ports.Wait.until("readiness DOWN after the broker died", Duration.ofSeconds(30), () ->
                    given().get("/q/health/ready").statusCode() == 503);
            given().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'kafka' }.status", equalTo("DOWN"));
        } finally {
            TestInfra.startKafka();
        }
        Ports.Wait.until("readiness UP after the broker returned", Duration.ofSeconds(60), () ->
                given().get("/q/health/ready").statusCode() == 200);
        given().get("/q/health/ready").then().body("checks.name", hasItem("kafka"));
    }

    @Test
    void readinessIsDownWhileTheDatabaseIsDownAndRecoversWithoutRestart() {
        given().get("/q/health/ready").then().statusCode(200);
        TestInfra.stopPostgres();
        try {
            Ports.Wait.until("readiness DOWN after the database stopped", Duration.ofSeconds(30), () ->
                    given().get("/q/health/ready").statusCode() == 503);
        } finally {
            TestInfra.startPostgres();
        }
        Ports.Wait.until("readiness UP after the database returned", Duration.ofSeconds(60), () ->
                given().get("/q/health/ready").statusCode() == 200);
    }

    @Test
    void metricsOpenApiAndTheEventCatalogueAreServed() throws Exception {
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi?format=json").then().statusCode(200).body("openapi", Matchers.startsWith("3."));
        String served = given().get("/asyncapi.yaml").then().statusCode(200).extract().asString();
        assertEquals(Files.readString(Path.of(System.getProperty("panzoto.root", "..")).resolve("docs/asyncapi.yaml")), served,
                "the AsyncAPI document served is the committed one");
    }

    private EventEnvelope append(String aggregate) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() ->
                outbox.append(producedTopic(), "platform.probe", 1, aggregate, Map.of("probe", aggregate))));
    }

    private static void awaitPublishedStamp(UUID eventId) {
        Ports.Wait.until("outbox row stamped published", Duration.ofSeconds(30), () -> {
            try {
                return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() ->
                        OutboxEvent.<OutboxEvent>find("eventId", eventId).firstResult())).publishedAt() != null;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
