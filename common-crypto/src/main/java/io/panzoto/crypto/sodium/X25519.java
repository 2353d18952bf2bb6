package io.panzoto.crypto.sodium;

import io.panzoto.crypto.CryptoException;
import io.panzoto.crypto.SecretBytes;

/** X25519 (RFC 7748) scalar multiplication through libsodium. */
public final class X25519 {
    public static final int KEY_BYTES = 32;

    private X25519() {
    }

    public static byte[] publicKey(SecretBytes secretKey) {
        Ed25519.requireLength(secretKey.bytes(), KEY_BYTES, "secret key");
        byte[] out = new byte[KEY_BYTES];
        Sodium.check(Sodium.get().crypto_scalarmult_base(out, secretKey.bytes()), "x25519 base multiplication");
        return out;
    }

    /** The shared secret of our secret and their public key; an all-zero result (low-order point) fails. */
    public static SecretBytes sharedSecret(SecretBytes secretKey, byte[] publicKey) {
        Ed25519.requireLength(secretKey.bytes(), KEY_BYTES, "secret key");
        Ed25519.requireLength(publicKey, KEY_BYTES, "public key");
        byte[] out = new byte[KEY_BYTES];
        if (Sodium.get().crypto_scalarmult(out, secretKey.bytes(), publicKey) != 0) {
            throw new CryptoException("x25519 with a low-order public key");
        }
        return new SecretBytes(out);
    }
}
