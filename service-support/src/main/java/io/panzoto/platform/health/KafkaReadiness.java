package io.panzoto.platform.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.panzoto.platform.kafka.KafkaClients;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while a Kafka broker answers: a service that cannot publish its outbox or consume its
 * topics should not take traffic. The admin client reconnects by itself when the broker returns.
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements AsyncHealthCheck {
    private static final String NAME = "kafka";

    private final KafkaClients clients;
    private final int timeoutMs;
    private volatile Admin admin;

    public KafkaReadiness(KafkaClients clients,
                          @ConfigProperty(name = "panzoto.health.kafka-timeout-ms", defaultValue = "2000") int timeoutMs) {
        this.clients = clients;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom()
                .completionStage(() -> admin().describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
                        .nodes().toCompletionStage())
                .map(nodes -> nodes.isEmpty()
                        ? HealthCheckResponse.named(NAME).down().withData("reason", "no broker in cluster").build()
                        : HealthCheckResponse.named(NAME).up().withData("brokers", nodes.size()).build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named(NAME).down()
                        .withData("reason", failure.getClass().getSimpleName()).build());
    }

    private Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(clients.config(Map.of(
                            AdminClientConfig.CLIENT_ID_CONFIG, "readiness",
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs,
                            AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000)));
                }
                current = admin;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
