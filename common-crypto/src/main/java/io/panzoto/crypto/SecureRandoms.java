package io.panzoto.crypto;

import java.security.SecureRandom;

/** The one source of randomness: the platform's strong default SecureRandom, shared (it is thread-safe). */
public final class SecureRandoms {
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecureRandoms() {
    }

    public static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    public static SecureRandom get() {
        return RANDOM;
    }
}
