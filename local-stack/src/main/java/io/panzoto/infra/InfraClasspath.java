package io.panzoto.infra;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The classpath of the infrastructure child processes (Kafka broker, s3proxy), recorded at build time
 * in {@code panzoto/infra-classpath.txt}. Those servers run in their own JVMs so that their
 * dependencies never meet a service's on one classpath.
 */
public final class InfraClasspath {
    private final List<String> entries;

    private InfraClasspath(List<String> entries) {
        this.entries = entries;
    }

    public static InfraClasspath load() {
        String text = new String(resource("panzoto/infra-classpath.txt"), StandardCharsets.UTF_8).trim();
        List<String> entries = new ArrayList<>(Arrays.asList(text.split(File.pathSeparator)));
        for (String entry : entries) {
            if (!Files.isRegularFile(Path.of(entry))) {
                throw new InfraException("infra dependency missing: " + entry + " (run ./mvnw -pl local-stack -am install)");
            }
        }
        return new InfraClasspath(entries);
    }

    public String asArgument() {
        return String.join(File.pathSeparator, entries);
    }

    /** The jar whose file name starts with the given artifact id. */
    public Path jar(String artifactId) {
        return entries.stream().map(Path::of)
                .filter(p -> p.getFileName().toString().startsWith(artifactId + "-"))
                .findFirst()
                .orElseThrow(() -> new InfraException("no " + artifactId + " jar on the infra classpath"));
    }

    /** The java executable of this JVM, so every child runs the same Java. */
    public static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    static byte[] resource(String name) {
        try (InputStream in = InfraClasspath.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new InfraException("resource " + name + " is missing from the infra jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new InfraException("could not read " + name, e);
        }
    }
}
