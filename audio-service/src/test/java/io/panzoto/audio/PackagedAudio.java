package io.panzoto.audio;

import io.panzoto.testing.PackagedService;
import io.panzoto.testing.TestAuthService;
import io.panzoto.testing.TestInfra;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The packaged audio-service on the test servers, next to the packaged auth-service, as a pod runs it. */
public final class PackagedAudio {
    /** The test transcriber key (the %test profile's). */
    private static final String TRANSCRIBER_KEY = "dGVzdC1vbmx5LXRyYW5zY3JpYmVyLWtleS0zMmJ5dGU=";

    private PackagedAudio() {
    }

    /** Settings for a replica that keeps decrypted audio in {@code workDir}; starts auth-service if need be. */
    public static Map<String, String> config(Path workDir) {
        String authUrl = TestAuthService.start();
        Map<String, String> config = new HashMap<>(TestInfra.serviceConfig("audio"));
        config.put("panzoto.audio.auth-url", authUrl);
        config.put("mp.jwt.verify.publickey.location", authUrl + "/.well-known/jwks.json");
        config.put("panzoto.audio.transcriber.private-key", TRANSCRIBER_KEY);
        config.put("panzoto.audio.transcriber.model-path", Recordings.MODEL.toAbsolutePath().toString());
        config.put("panzoto.audio.transcriber.work-dir", workDir.toAbsolutePath().toString());
        return config;
    }

    public static PackagedService start(String name, Map<String, String> config) {
        return PackagedService.start(name, System.getProperty("audio.jar", "target/quarkus-app/quarkus-run.jar"), config);
    }
}
