package io.panzoto.testing;

import java.util.Map;

/**
 * A real auth-service (its packaged jar, path in the {@code auth.jar} system property) on the test
 * servers, for the tests of a service that verifies its tokens or asks it things: started once per
 * test JVM and stopped when the JVM ends.
 */
public final class TestAuthService {
    /** JVM-wide, so test classes loaded by different class loaders share one auth-service. */
    private static final String URL_PROPERTY = "panzoto.test.auth-url";

    private TestAuthService() {
    }

    /** Starts it unless this JVM already has; answers its base URL. */
    public static synchronized String start() {
        String running = System.getProperty(URL_PROPERTY);
        if (running != null) {
            return running;
        }
        Map<String, String> config = AuthServiceTestConfig.create();
        PackagedService auth = PackagedService.start("auth-service", System.getProperty("auth.jar"), config);
        Runtime.getRuntime().addShutdownHook(new Thread(auth::close, "stop-auth-service"));
        System.setProperty(URL_PROPERTY, auth.baseUrl());
        return auth.baseUrl();
    }

    /** Its JWKS, for a service's {@code mp.jwt.verify.publickey.location}. */
    public static String jwksUrl() {
        return start() + "/.well-known/jwks.json";
    }
}
