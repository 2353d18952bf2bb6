package io.panzoto.messaging.sessions;

import io.panzoto.testing.TestAuthService;
import io.panzoto.testing.TestInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * The real parts SecureSession talks to: PostgreSQL, Kafka and s3proxy, and a real auth-service whose
 * tokens it verifies and whose key registry it asks.
 */
public class SessionTestResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(TestInfra.serviceConfig("messaging"));
        config.put("mp.jwt.verify.publickey.location", TestAuthService.jwksUrl());
        config.put("quarkus.rest-client.auth-keys.url", TestAuthService.start());
        return config;
    }

    @Override
    public void stop() {
        // auth-service is shared across test classes: the JVM shutdown hook stops it.
    }
}
