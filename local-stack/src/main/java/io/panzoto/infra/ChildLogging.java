package io.panzoto.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the logging configuration that the infrastructure JVMs (Kafka, s3proxy) read. */
final class ChildLogging {
    private ChildLogging() {
    }

    static Path configFile(Path directory) {
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve("logback.xml");
            Files.write(file, InfraClasspath.resource("panzoto/child-logback.xml"));
            return file;
        } catch (IOException e) {
            throw new InfraException("could not write logging config under " + directory, e);
        }
    }
}
