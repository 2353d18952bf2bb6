package io.panzoto.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at real servers: PostgreSQL (the service's own database, named by the
 * {@code database} init argument), a Kafka broker and s3proxy. The servers start once per test JVM
 * and are shared by its test classes; they stop when the JVM exits.
 *
 * <pre>{@code @WithTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))}</pre>
 */
public class RealInfraResource implements QuarkusTestResourceLifecycleManager {
    private String database = "app";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(TestInfra.serviceConfig(database));
        config.put("quarkus.devservices.enabled", "false");
        return config;
    }

    @Override
    public void stop() {
        // Shared across test classes: the JVM shutdown hook stops the servers.
    }
}
