package io.panzoto.audio;

import io.panzoto.testing.TestAuthService;
import io.panzoto.testing.TestInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * The real parts audio-service talks to: PostgreSQL, Kafka and s3proxy (test-support), and a real
 * auth-service, its packaged jar, on the same servers. Tokens come from auth-service's login and are
 * verified against its JWKS; passwords are checked by it. Started once per test JVM.
 */
public class AudioTestResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(TestInfra.serviceConfig("audio"));
        config.put("quarkus.devservices.enabled", "false");
        String authUrl = TestAuthService.start();
        config.put("panzoto.audio.auth-url", authUrl);
        config.put("mp.jwt.verify.publickey.location", authUrl + "/.well-known/jwks.json");
        return config;
    }

    @Override
    public void stop() {
        // Shared across test classes: the JVM shutdown hook stops it.
    }
}
