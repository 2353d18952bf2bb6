package io.panzoto.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Decrypted data in a private temporary file, handed out only after the whole ciphertext
 * authenticated. Closing it deletes the file; so does any failure while it is being written.
 */
public final class VerifiedPlaintext implements AutoCloseable {
    private final Path file;

    private VerifiedPlaintext(Path file) {
        this.file = file;
    }

    /** What writes the plaintext; it must throw if the data does not authenticate. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Runs the writer into a fresh 0600 temp file in the directory; the file exists only on success. */
    public static VerifiedPlaintext write(Path directory, Writer writer) {
        Path file = null;
        try {
            Files.createDirectories(directory);
            file = Files.createTempFile(directory, "pz-plain-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(file)) {
                writer.writeTo(out);
            }
            return new VerifiedPlaintext(file);
        } catch (IOException e) {
            delete(file);
            throw new UncheckedIOException("could not write decrypted data", e);
        } catch (RuntimeException e) {
            delete(file);
            throw e;
        }
    }

    public Path path() {
        return file;
    }

    public long size() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public InputStream open() throws IOException {
        return Files.newInputStream(file);
    }

    @Override
    public void close() {
        delete(file);
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the temp directory's cleaner removes what could not be deleted now
            }
        }
    }

    @Override
    public String toString() {
        return "VerifiedPlaintext[" + file.getFileName() + "]";
    }
}
