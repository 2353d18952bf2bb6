package io.panzoto.crypto.sodium;

import com.goterl.lazysodium.LazySodiumJava;
import com.goterl.lazysodium.SodiumJava;
import io.panzoto.crypto.CryptoException;

/**
 * The one libsodium binding (lazysodium), loaded once: the libsodium build lazysodium ships, extracted
 * from its jar; or, where {@code PANZOTO_LIBSODIUM_PATH} (system property {@code panzoto.libsodium.path})
 * names a file, that library. A native image has no jar to extract from, so its container image carries
 * the same shipped build at that path (deploy/docker/Dockerfile.native).
 */
public final class Sodium {
    static final String PATH_PROPERTY = "panzoto.libsodium.path";
    static final String PATH_VARIABLE = "PANZOTO_LIBSODIUM_PATH";
    private static final com.goterl.lazysodium.Sodium NATIVE = load(configuredPath());

    private Sodium() {
    }

    /** The native binding, for common-crypto's own packages only. */
    public static com.goterl.lazysodium.Sodium get() {
        return NATIVE;
    }

    /** The bundled library, or the one at an absolute path. */
    static com.goterl.lazysodium.Sodium load(String absolutePath) {
        SodiumJava binding = absolutePath == null ? new SodiumJava() : new SodiumJava(absolutePath);
        return new LazySodiumJava(binding).getSodium();
    }

    private static String configuredPath() {
        String path = System.getProperty(PATH_PROPERTY, System.getenv(PATH_VARIABLE));
        return path == null || path.isBlank() ? null : path;
    }

    /** libsodium returns 0 for success; anything else is reported without detail. */
    static void check(int result, String operation) {
        if (result != 0) {
            throw new CryptoException(operation + " failed");
        }
    }
}
