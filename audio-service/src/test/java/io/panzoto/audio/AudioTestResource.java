package io.panzoto.audio;

import io.panzoto.testing.AuthServiceTestConfig;
import io.panzoto.testing.PackagedService;
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
    /** JVM-wide, so test classes loaded by different class loaders share one auth-service. */
    static final String AUTH_URL_PROPERTY = "panzoto.test.auth-url";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(TestInfra.serviceConfig("audio"));
        config.put("quarkus.devservices.enabled", "false");
        String authUrl = startAuthService();
        config.put("panzoto.audio.auth-url", authUrl);
        config.put("mp.jwt.verify.publickey.location", authUrl + "/.well-known/jwks.json");
        return config;
    }

    /** Starts the packaged auth-service on the test servers, once per JVM; answers its base URL. */
    public static synchronized String startAuthService() {
        String running = System.getProperty(AUTH_URL_PROPERTY);
        if (running != null) {
            return running;
        }
        Map<String, String> config = AuthServiceTestConfig.create();
        PackagedService auth = PackagedService.start("auth-service", System.getProperty("auth.jar"), config);
        Runtime.getRuntime().addShutdownHook(new Thread(auth::close, "stop-auth-service"));
        System.setProperty(AUTH_URL_PROPERTY, auth.baseUrl());
        return auth.baseUrl();
    }

    @Override
    public void stop() {
        // Shared across test classes: the JVM shutdown hook stops it.
    }
}
