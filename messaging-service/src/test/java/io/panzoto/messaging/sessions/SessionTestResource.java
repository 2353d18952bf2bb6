package io.panzoto.messaging.sessions;

import io.panzoto.testing.TestAuthService;
import io.panzoto.testing.TestInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/** The real parts SecureSession talks to: PostgreSQL and Kafka, and a real auth-service whose tokens it verifies. */
public class SessionTestResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(TestInfra.serviceConfig("messaging"));
        config.put("mp.jwt.verify.publickey.location", TestAuthService.jwksUrl());
        return config;
    }

    @Override
    public void stop() {
        // auth-service is shared across test classes: the JVM shutdown hook stops it.
    }
}
