package io.panzoto.crypto.sodium;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.CryptoException;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;

/**
 * Ed25519 signatures (RFC 8032) through libsodium, and the Ed25519-to-X25519 conversion libsodium
 * (and PyNaCl's {@code to_curve25519_*}) use, so one signing key also receives sealed boxes.
 */
public final class Ed25519 {
    public static final int SEED_BYTES = 32;
    public static final int PUBLIC_KEY_BYTES = 32;
    public static final int SECRET_KEY_BYTES = 64;
    public static final int SIGNATURE_BYTES = 64;

    private Ed25519() {
    }

    /** A key pair; the secret key is libsodium's 64-byte form (seed || public key). */
    public record KeyPair(byte[] publicKey, SecretBytes secretKey) {
        @Override
        public String toString() {
            return "Ed25519.KeyPair[public=" + Bytes.hex(publicKey) + ", secret=redacted]";
        }
    }

    public static KeyPair fromSeed(byte[] seed) {
        requireLength(seed, SEED_BYTES, "seed");
        byte[] publicKey = new byte[PUBLIC_KEY_BYTES];
        byte[] secretKey = new byte[SECRET_KEY_BYTES];
        Sodium.check(Sodium.get().crypto_sign_seed_keypair(publicKey, secretKey, seed), "ed25519 key derivation");
        return new KeyPair(publicKey, new SecretBytes(secretKey));
    }

    public static KeyPair generate() {
        byte[] seed = SecureRandoms.bytes(SEED_BYTES);
        try {
            return fromSeed(seed);
        } finally {
            Bytes.wipe(seed);
        }
    }

    public static byte[] sign(byte[] message, SecretBytes secretKey) {
        requireLength(secretKey.bytes(), SECRET_KEY_BYTES, "secret key");
        byte[] signature = new byte[SIGNATURE_BYTES];
        Sodium.check(Sodium.get().crypto_sign_detached(signature, null, message, message.length, secretKey.bytes()), "ed25519 sign");
        return signature;
    }

    /** True only for a valid signature by this key; malformed keys or signatures are simply invalid. */
    public static boolean verify(byte[] signature, byte[] message, byte[] publicKey) {
        if (signature == null || publicKey == null || signature.length != SIGNATURE_BYTES || publicKey.length != PUBLIC_KEY_BYTES) {
            return false;
        }
        return Sodium.get().crypto_sign_verify_detached(signature, message, message.length, publicKey) == 0;
    }

    /** The X25519 public key of an Ed25519 public key (crypto_sign_ed25519_pk_to_curve25519). */
    public static byte[] toX25519PublicKey(byte[] ed25519PublicKey) {
        requireLength(ed25519PublicKey, PUBLIC_KEY_BYTES, "public key");
        byte[] out = new byte[X25519.KEY_BYTES];
        if (Sodium.get().crypto_sign_ed25519_pk_to_curve25519(out, ed25519PublicKey) != 0) {
            throw new CryptoException("not a valid Ed25519 public key");
        }
        return out;
    }

    /** The X25519 secret key of an Ed25519 secret key (crypto_sign_ed25519_sk_to_curve25519). */
    public static SecretBytes toX25519SecretKey(SecretBytes ed25519SecretKey) {
        requireLength(ed25519SecretKey.bytes(), SECRET_KEY_BYTES, "secret key");
        byte[] out = new byte[X25519.KEY_BYTES];
        Sodium.check(Sodium.get().crypto_sign_ed25519_sk_to_curve25519(out, ed25519SecretKey.bytes()), "ed25519 to x25519");
        return new SecretBytes(out);
    }

    static void requireLength(byte[] value, int length, String what) {
        if (value == null || value.length != length) {
            throw new IllegalArgumentException(what + " must be " + length + " bytes");
        }
    }
}
