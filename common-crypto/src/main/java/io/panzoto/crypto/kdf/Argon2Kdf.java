package io.panzoto.crypto.kdf;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.password.Argon2Parameters;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters.Builder;

/**
 * Argon2id raw key derivation (RFC 9106, version 0x13), BouncyCastle's implementation: any salt
 * length, lanes, secret and associated data. Derives the key that wraps a user's data key.
 */
public final class Argon2Kdf {
    private Argon2Kdf() {
    }

    public static SecretBytes derive(String password, byte[] salt, Argon2Parameters parameters, int length) {
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        try {
            return derive(secret, salt, parameters.memoryKiB(), parameters.iterations(), 1, null, null, length);
        } finally {
            Bytes.wipe(secret);
        }
    }

    public static SecretBytes derive(byte[] password, byte[] salt, int memoryKiB, int iterations, int lanes,
                                     byte[] secret, byte[] associatedData, int length) {
        Builder builder = new Builder(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
                .withVersion(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(memoryKiB)
                .withIterations(iterations)
                .withParallelism(lanes);
        if (secret != null) {
            builder.withSecret(secret);
        }
        if (associatedData != null) {
            builder.withAdditional(associatedData);
        }
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(builder.build());
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return new SecretBytes(out);
    }
}
