package io.panzoto.platform.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * The settings of the Kafka clients a service builds itself (outbox relay, message feed, readiness): the
 * same {@code kafka.*} connection and security settings the messaging connector uses (bootstrap servers,
 * {@code security.protocol}, SASL/SCRAM credentials, TLS trust), taken from Quarkus' default broker
 * configuration, so a secured cluster needs them set once for every client.
 */
@ApplicationScoped
public class KafkaClients {
    private static final Set<String> SECURITY = Set.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SaslConfigs.SASL_MECHANISM,
            SaslConfigs.SASL_JAAS_CONFIG, SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG,
            SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG,
            SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, SslConfigs.SSL_KEY_PASSWORD_CONFIG, SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG);

    private final Map<String, Object> broker;

    public KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> broker) {
        this.broker = broker;
    }

    /** The connection and security settings, then the client's own. */
    public Map<String, Object> config(Map<String, Object> own) {
        Map<String, Object> config = new HashMap<>();
        broker.forEach((key, value) -> {
            if (key.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) || SECURITY.contains(key)) {
                config.put(key, value);
            }
        });
        config.putAll(own);
        return config;
    }
}
