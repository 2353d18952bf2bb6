package io.panzoto.testing;

import java.util.HashMap;
import java.util.Map;

/**
 * The settings a packaged auth-service runs with when another module's tests need a real one (audio's
 * tests, platform-tests): the test servers, its own database, test-only secrets, a cheap Argon2id (the
 * tests prove the flows; the benchmarks the costs) and no per-address limits (every test client comes
 * from 127.0.0.1; the limits are tested in auth-service itself).
 */
public final class AuthServiceTestConfig {
    /** The public half of the test key pair whose secret is {@code "test-only-diary-ticket-secret-k!"}. */
    public static final String DIARY_TICKET_PUBLIC_KEY = "D/gkt2QRAcgk+vITKdOZySfO/iRMrmjNIQ5zy7s0rEU=";

    private AuthServiceTestConfig() {
    }

    public static Map<String, String> create() {
        Map<String, String> config = new HashMap<>(TestInfra.serviceConfig("auth"));
        config.put("quarkus.devservices.enabled", "false");
        config.put("panzoto.auth.key-encryption-key", "YXVkaW8tdGVzdHMtb25seS1rZXktZW5jcnlwdGlvbiE=");
        config.put("panzoto.auth.token-pepper", "YXVkaW8tdGVzdHMtb25seS10b2tlbi1wZXBwZXItMzI=");
        config.put("panzoto.auth.password.argon2-memory-kib", "8192");
        config.put("panzoto.auth.password.argon2-iterations", "1");
        config.put("panzoto.auth.rate-limit.login-per-minute", "100000");
        config.put("panzoto.auth.rate-limit.register-per-hour", "100000");
        config.put("panzoto.auth.rate-limit.recover-per-hour", "100000");
        // diary-service's test key pair (its secret in diary's %test configuration): uce tickets are sealed to it.
        config.put("panzoto.auth.diary-ticket-public-key", DIARY_TICKET_PUBLIC_KEY);
        return config;
    }
}
