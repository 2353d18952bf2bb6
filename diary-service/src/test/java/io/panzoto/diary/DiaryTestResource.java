package io.panzoto.diary;

import io.panzoto.diary.integrations.GraphApiStub;
import io.panzoto.testing.TestAuthService;
import io.panzoto.testing.TestInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * The real parts diary-service talks to: PostgreSQL and Kafka (test-support) and a real auth-service,
 * its packaged jar, whose tokens it verifies against the JWKS and whose data-key tickets it opens; and an
 * HTTP stub of Facebook's Graph API.
 */
public class DiaryTestResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(TestInfra.serviceConfig("diary"));
        config.put("quarkus.devservices.enabled", "false");
        config.put("mp.jwt.verify.publickey.location", TestAuthService.jwksUrl());
        // The key registry e2e imports are sealed to.
        config.put("quarkus.rest-client.auth-keys.url", TestAuthService.start());
        // Facebook's Graph API: an HTTP stub the tests start (a third party that cannot run here).
        GraphApiStub graph = GraphApiStub.start();
        config.put("quarkus.rest-client.facebook-graph.url", graph.url());
        config.put("panzoto.diary.facebook.app-id", GraphApiStub.APP_ID);
        config.put("panzoto.diary.facebook.app-secret", GraphApiStub.APP_SECRET);
        config.put("panzoto.diary.facebook.redirect-uri", GraphApiStub.REDIRECT);
        return config;
    }

    @Override
    public void stop() {
        // auth-service is shared across test classes: the JVM shutdown hook stops it.
    }
}
