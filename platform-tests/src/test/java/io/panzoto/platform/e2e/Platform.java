package io.panzoto.platform.e2e;

import io.panzoto.infra.Ports;
import io.panzoto.testing.AuthServiceTestConfig;
import io.panzoto.testing.PackagedService;
import io.panzoto.testing.TestInfra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The whole platform as {@code deploy/local/run} starts it: the packaged services and the gateway, each
 * its own process, on the test JVM's real PostgreSQL, Kafka and s3proxy. Started once per test JVM;
 * tests reach it only through the gateway, as a client in the field does.
 */
final class Platform {
    static final Path ROOT = Path.of(System.getProperty("panzoto.root", "..")).toAbsolutePath().normalize();
    private static final String TRANSCRIBER_KEY = "cGxhdGZvcm0tdGVzdHMtdHJhbnNjcmliZXIta2V5LTE=";
    private static String gatewayUrl;
    private static Throwable startFailure;
    private static final Map<String, String> SERVICES = new ConcurrentHashMap<>();

    private Platform() {
    }

    /** The gateway's base URL, once every service is ready behind it. */
    static synchronized String gateway() {
        if (startFailure != null) {
            throw new IllegalStateException("the platform did not start (see the first failure)", startFailure);
        }
        if (gatewayUrl == null) {
            try {
                gatewayUrl = start();
            } catch (RuntimeException | Error e) {
                startFailure = e; // once: every later test class fails at once instead of starting it again
                throw e;
            }
        }
        return gatewayUrl;
    }

    private static String start() {
        List<PackagedService> started = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> started.forEach(PackagedService::close), "stop-platform"));
        PackagedService auth = launch("auth-service", AuthServiceTestConfig.create(), started);
        String authUrl = auth.baseUrl();
        Path workDir = Path.of("target", "transcriber-work").toAbsolutePath();
        CompletableFuture<PackagedService> audio = CompletableFuture.supplyAsync(() -> launch("audio-service", audioConfig(authUrl, workDir), started));
        CompletableFuture<PackagedService> messaging = CompletableFuture.supplyAsync(() -> launch("messaging-service", messagingConfig(authUrl), started));
        CompletableFuture<PackagedService> diary = CompletableFuture.supplyAsync(() -> launch("diary-service", diaryConfig(authUrl), started));
        Map<String, String> gateway = new HashMap<>();
        gateway.put("panzoto.gateway.services.auth-service.url", authUrl);
        gateway.put("panzoto.gateway.services.audio-service.url", audio.join().baseUrl());
        gateway.put("panzoto.gateway.services.messaging-service.url", messaging.join().baseUrl());
        gateway.put("panzoto.gateway.services.diary-service.url", diary.join().baseUrl());
        gateway.put("kafka.bootstrap.servers", TestInfra.kafkaBootstrapServers());
        gateway.put("quarkus.management.port", Integer.toString(Ports.free()));
        gateway.put("panzoto.gateway.limits.credentials-per-minute", "600");
        PackagedService front = PackagedService.start("gateway", jar("gateway"), gateway, "/api/v1/health");
        started.add(front);
        return front.baseUrl();
    }

    /** A service's own address, to prove what it refuses without the gateway in front. */
    static String service(String name) {
        gateway();
        return SERVICES.get(name);
    }

    private static PackagedService launch(String name, Map<String, String> config, List<PackagedService> started) {
        PackagedService service = PackagedService.start(name, jar(name), config);
        SERVICES.put(name, service.baseUrl());
        synchronized (started) {
            started.add(service);
        }
        return service;
    }

    private static String jar(String module) {
        Path jar = ROOT.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the build packages every service before these tests");
        }
        return jar.toString();
    }

    private static Map<String, String> withoutDevServices(String database) {
        Map<String, String> config = new HashMap<>(TestInfra.serviceConfig(database));
        config.put("quarkus.devservices.enabled", "false");
        return config;
    }

    private static Map<String, String> audioConfig(String authUrl, Path workDir) {
        Map<String, String> config = withoutDevServices("audio");
        config.put("panzoto.audio.auth-url", authUrl);
        config.put("mp.jwt.verify.publickey.location", authUrl + "/.well-known/jwks.json");
        config.put("panzoto.audio.transcriber.private-key", TRANSCRIBER_KEY);
        config.put("panzoto.audio.transcriber.model-path", ROOT.resolve("audio-service/target/vosk-model/model-en-us").toString());
        config.put("panzoto.audio.transcriber.work-dir", workDir.toString());
        return config;
    }

    private static Map<String, String> diaryConfig(String authUrl) {
        Map<String, String> config = withoutDevServices("diary");
        config.put("mp.jwt.verify.publickey.location", authUrl + "/.well-known/jwks.json");
        // The secret half of AuthServiceTestConfig.DIARY_TICKET_PUBLIC_KEY, to which auth-service seals tickets.
        config.put("panzoto.diary.ticket-private-key", "dGVzdC1vbmx5LWRpYXJ5LXRpY2tldC1zZWNyZXQtayE=");
        return config;
    }

    private static Map<String, String> messagingConfig(String authUrl) {
        Map<String, String> config = withoutDevServices("messaging");
        config.put("mp.jwt.verify.publickey.location", authUrl + "/.well-known/jwks.json");
        config.put("quarkus.rest-client.auth-keys.url", authUrl);
        config.put("panzoto.messaging.token-pepper", "cGxhdGZvcm0tdGVzdHMtbWVzc2FnaW5nLXBlcHBlciE=");
        return config;
    }
}
