package io.panzoto.ops;

import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the broker is and who the tool is to it: the same KAFKA_* variables a service's pod reads
 * (deploy/k8s/base/services.yaml), so the tool runs with an operator's own SCRAM identity beside them.
 */
public final class KafkaConnection {
    @Option(names = "--bootstrap-servers", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka bootstrap servers (env KAFKA_BOOTSTRAP_SERVERS; default ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--security-protocol", defaultValue = "${env:KAFKA_SECURITY_PROTOCOL:-PLAINTEXT}",
            description = "PLAINTEXT, SASL_PLAINTEXT or SASL_SSL (env KAFKA_SECURITY_PROTOCOL).")
    String securityProtocol;

    /** The client settings; the SASL credentials only ever come from the environment, never the command line. */
    public Map<String, Object> config() {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("security.protocol", securityProtocol);
        String jaas = System.getenv("KAFKA_SASL_JAAS_CONFIG");
        if (jaas != null && !jaas.isBlank()) {
            config.put("sasl.mechanism", System.getenv().getOrDefault("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"));
            config.put("sasl.jaas.config", jaas);
        }
        return config;
    }
}
