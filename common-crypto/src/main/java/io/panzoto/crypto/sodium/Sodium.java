package io.panzoto.crypto.sodium;

import com.goterl.lazysodium.LazySodiumJava;
import com.goterl.lazysodium.SodiumJava;
import io.panzoto.crypto.CryptoException;

/** The one libsodium binding (lazysodium, with the libsodium build it ships), loaded once. */
public final class Sodium {
    private static final com.goterl.lazysodium.Sodium NATIVE = new LazySodiumJava(new SodiumJava()).getSodium();

    private Sodium() {
    }

    /** The native binding, for common-crypto's own packages only. */
    public static com.goterl.lazysodium.Sodium get() {
        return NATIVE;
    }

    /** libsodium returns 0 for success; anything else is reported without detail. */
    static void check(int result, String operation) {
        if (result != 0) {
            throw new CryptoException(operation + " failed");
        }
    }
}
