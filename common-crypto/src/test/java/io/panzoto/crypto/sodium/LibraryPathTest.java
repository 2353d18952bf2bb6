package io.panzoto.crypto.sodium;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.crypto.Bytes;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native image's way of loading libsodium: from an absolute path (PANZOTO_LIBSODIUM_PATH), not by
 * extracting it from lazysodium's jar, which a native image does not have. Loaded here from the very
 * file Dockerfile.native copies out of that jar, and checked against FIPS 180-2's SHA-256 of "abc".
 */
class LibraryPathTest {
    private static final String SHIPPED_LIBRARY = "linux64/libsodium.so";

    @Test
    void theShippedLibraryLoadsFromAnAbsolutePathAndComputesAKnownVector(@TempDir Path dir) throws Exception {
        Path library = dir.resolve("libsodium.so");
        try (InputStream shipped = Sodium.class.getClassLoader().getResourceAsStream(SHIPPED_LIBRARY)) {
            assertNotNull(shipped, SHIPPED_LIBRARY + " is where Dockerfile.native copies it from");
            Files.copy(shipped, library);
        }
        com.goterl.lazysodium.Sodium binding = Sodium.load(library.toAbsolutePath().toString());
        assertTrue(binding.sodium_init() >= 0, "libsodium initialised");
        byte[] digest = new byte[32];
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0, binding.crypto_hash_sha256(digest, abc, abc.length));
        assertArrayEquals(Bytes.fromHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), digest);
    }

    @Test
    void aMissingLibraryFailsLoudly(@TempDir Path dir) {
        assertThrows(Throwable.class, () -> Sodium.load(dir.resolve("absent.so").toString()));
    }
}
