package io.panzoto.messaging.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.panzoto.platform.kafka.KafkaClients;
import io.panzoto.testing.RealInfraResource;
import io.panzoto.testing.TestInfra;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Kafka clients a service builds itself (outbox relay, message feed, readiness) take the same
 * kafka.* connection and security settings as the messaging connector: before, they took only the
 * bootstrap servers, so a SASL-secured cluster would have refused them.
 */
@QuarkusTest
@WithTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "database", value = "messaging"))
class KafkaClientSettingsTest {
    @Inject
    KafkaClients clients;

    @Test
    void builtClientsGetTheBrokerAndItsSecuritySettingsUnderTheirOwn() {
        Map<String, Object> config = clients.config(Map.of("client.id", "feed"));
        assertEquals(TestInfra.kafkaBootstrapServers(), config.get("bootstrap.servers"));
        // application.properties sets these for the tests (a plaintext broker accepts them as they are).
        assertEquals("PLAINTEXT", config.get("security.protocol"));
        assertEquals("SCRAM-SHA-512", config.get("sasl.mechanism"));
        assertEquals("feed", config.get("client.id"));
    }
}
