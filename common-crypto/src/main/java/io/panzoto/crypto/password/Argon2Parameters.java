package io.panzoto.crypto.password;

/**
 * Argon2id cost parameters (RFC 9106): memory in KiB and iterations. New hashes use one lane, which is
 * what libsodium makes; hashes with more lanes (argon2-cffi's p=4 or p=8) still verify.
 */
public record Argon2Parameters(int memoryKiB, int iterations) {
    /** OWASP's minimum for Argon2id: 19 MiB, 2 iterations, 1 lane. */
    public static final Argon2Parameters OWASP_MINIMUM = new Argon2Parameters(19 * 1024, 2);

    public Argon2Parameters {
        if (memoryKiB < 8 * 1024) {
            throw new IllegalArgumentException("Argon2 memory below 8 MiB is too weak for passwords");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("Argon2 needs at least one iteration");
        }
    }

    long memoryBytes() {
        return memoryKiB * 1024L;
    }
}
