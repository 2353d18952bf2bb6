package io.panzoto.crypto.kdf;

import io.panzoto.crypto.SecretBytes;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF-SHA256 (RFC 5869), BouncyCastle's implementation. */
public final class Hkdf {
    private Hkdf() {
    }

    /** Extract-then-expand; an empty or null salt means a zero salt, as the RFC says. */
    public static SecretBytes derive(byte[] inputKey, byte[] salt, byte[] info, int length) {
        HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
        generator.init(new HKDFParameters(inputKey, salt == null || salt.length == 0 ? null : salt, info));
        byte[] out = new byte[length];
        generator.generateBytes(out, 0, length);
        return new SecretBytes(out);
    }
}
