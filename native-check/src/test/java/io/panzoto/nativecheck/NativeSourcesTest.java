package io.panzoto.nativecheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Quarkus' native build of every service, run as far as it goes without GraalVM: the augmented
 * application and the exact native-image command line ({@code -Dnative -Dquarkus.native.sources-only=true},
 * what Dockerfile.native turns into an executable). The build fails on what native mode rejects at
 * build time (a bean or extension that cannot be native, an unsupported configuration); this test then
 * checks what it left: per service the runner jar and native-image arguments, audio-service's API-only
 * build without the transcriber, and libsodium's native-image configuration on every class path that
 * links it.
 */
class NativeSourcesTest {
    private static final Path ROOT = Path.of(System.getProperty("panzoto.root", "..")).toAbsolutePath().normalize();
    private static final List<String> SERVICES = List.of("auth-service", "audio-service", "messaging-service", "diary-service", "gateway");

    @BeforeAll
    static void buildNativeSources() throws Exception {
        Path log = ROOT.resolve("native-check/target/native-sources-build.log");
        Files.createDirectories(log.getParent());
        Process maven = new ProcessBuilder(ROOT.resolve("mvnw").toString(), "-B", "-q", "package", "-Dnative",
                "-Dquarkus.native.sources-only=true", "-Dmaven.test.skip=true", "-pl", String.join(",", SERVICES), "-am")
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(maven.waitFor(30, TimeUnit.MINUTES), "the native-sources build finished");
        assertEquals(0, maven.exitValue(), "the native-sources build failed:\n" + tail(log));
    }

    @Test
    void everyServiceHasItsRunnerJarAndTheNativeImageCommandLine() throws IOException {
        for (String service : SERVICES) {
            Path sources = ROOT.resolve(service).resolve("target/native-sources");
            String args = Files.readString(sources.resolve("native-image.args"));
            assertTrue(args.contains("--no-fallback"), service + ": a real native executable, never a JVM fallback");
            assertTrue(Files.exists(sources.resolve(service + "-0.1.0-SNAPSHOT-runner.jar")), service + " runner jar");
            assertTrue(Files.readString(sources.resolve("graalvm.version")).trim().matches("\\d+\\.\\d+.*"), service + " names its GraalVM");
        }
    }

    @Test
    void audioServicesNativeBuildIsItsApiWithoutTheTranscriber() throws IOException {
        try (JarFile runner = new JarFile(ROOT.resolve("audio-service/target/native-sources/audio-service-0.1.0-SNAPSHOT-runner.jar").toFile())) {
            List<String> beans = Collections.list(runner.entries()).stream().map(entry -> entry.getName())
                    .filter(name -> name.startsWith("io/panzoto/audio/") && name.endsWith("_Bean.class")).toList();
            assertTrue(beans.stream().anyMatch(name -> name.contains("TranscriptionRequests_Bean")), "the API queues jobs: " + beans);
            for (String transcriberBean : List.of("Transcriber_Bean", "SpeechRecognizer_Bean", "DeadLetters_Bean", "RecordingSource_Bean")) {
                assertFalse(beans.stream().anyMatch(name -> name.endsWith("/" + transcriberBean + ".class")), transcriberBean + " is built out");
            }
        }
    }

    @Test
    void everyServiceThatLinksLibsodiumCarriesItsNativeImageConfiguration() throws IOException {
        for (String service : SERVICES) {
            try (Stream<Path> libs = Files.list(ROOT.resolve(service).resolve("target/native-sources/lib"))) {
                List<Path> crypto = libs.filter(jar -> jar.getFileName().toString().startsWith("io.panzoto.common-crypto")).toList();
                if (crypto.isEmpty()) {
                    continue;
                }
                try (JarFile jar = new JarFile(crypto.get(0).toFile())) {
                    assertTrue(jar.getEntry("META-INF/native-image/io.panzoto/common-crypto/native-image.properties") != null, service);
                    assertTrue(jar.getEntry("META-INF/native-image/net.java.dev.jna/jna/5.8.0/jni-config.json") != null, service);
                }
            }
        }
    }

    @Test
    void authServiceCarriesTheFaceModelsOnnxRuntimeAndAwt() throws IOException {
        Path sources = ROOT.resolve("auth-service/target/native-sources");
        assertTrue(Files.readString(sources.resolve("native-image.args")).contains("io.quarkus.awt.runtime.graal.AwtFeature"),
                "ImageIO/Java2D through quarkus-awt");
        try (JarFile runner = new JarFile(sources.resolve("auth-service-0.1.0-SNAPSHOT-runner.jar").toFile())) {
            assertTrue(runner.getEntry("META-INF/native-image/io.panzoto/auth-service/jni-config.json") != null, "ONNX Runtime's JNI");
            String resources = Collections.list(runner.entries()).stream()
                    .filter(entry -> entry.getName().startsWith("META-INF/native-image/") && entry.getName().endsWith("resource-config.json"))
                    .map(entry -> read(runner, entry)).reduce("", String::concat);
            assertTrue(resources.contains("face/[^/]*\\\\.onnx") && resources.contains("onnxruntime/native/linux-x64/[^/]*"),
                    "the face models and ONNX Runtime's library are resources of the image: " + resources);
        }
        try (Stream<Path> libs = Files.list(sources.resolve("lib"))) {
            assertTrue(libs.anyMatch(jar -> jar.getFileName().toString().startsWith("com.microsoft.onnxruntime.onnxruntime-")));
        }
    }

    private static String read(JarFile jar, java.util.jar.JarEntry entry) {
        try (var in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theGatewaysEpollTransportCarriesItsOwnNativeImageMetadata() throws IOException {
        try (Stream<Path> libs = Files.list(ROOT.resolve("gateway/target/native-sources/lib"))) {
            Path epoll = libs.filter(jar -> jar.getFileName().toString().startsWith("io.netty.netty-transport-classes-epoll")).findFirst()
                    .orElseThrow(() -> new AssertionError("the gateway prefers the epoll transport; its classes are not on the native class path"));
            try (JarFile jar = new JarFile(epoll.toFile())) {
                assertTrue(jar.getEntry("META-INF/native-image/io.netty/netty-transport-classes-epoll/jni-config.json") != null,
                        "Netty registers epoll's JNI for native-image itself");
            }
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
