package io.panzoto.crypto.sodium;

import io.panzoto.crypto.AuthenticationFailedException;
import io.panzoto.crypto.MalformedCiphertextException;
import io.panzoto.crypto.SecretBytes;

/**
 * ChaCha20-Poly1305 AEADs through libsodium: the IETF construction of RFC 8439 (12-byte nonce) and
 * XChaCha20-Poly1305 (24-byte nonce, safe to pick at random). Output is ciphertext || 16-byte tag.
 */
public enum Aead {
    CHACHA20_POLY1305_IETF(12),
    XCHACHA20_POLY1305_IETF(24);

    public static final int KEY_BYTES = 32;
    public static final int TAG_BYTES = 16;

    private final int nonceBytes;

    Aead(int nonceBytes) {
        this.nonceBytes = nonceBytes;
    }

    public int nonceBytes() {
        return nonceBytes;
    }

    public byte[] encrypt(byte[] plaintext, byte[] aad, byte[] nonce, SecretBytes key) {
        check(nonce, key);
        byte[] out = new byte[plaintext.length + TAG_BYTES];
        byte[] ad = aad == null ? new byte[0] : aad;
        int result = this == XCHACHA20_POLY1305_IETF
                ? Sodium.get().crypto_aead_xchacha20poly1305_ietf_encrypt(out, null, plaintext, plaintext.length, ad, ad.length, null, nonce, key.bytes())
                : Sodium.get().crypto_aead_chacha20poly1305_ietf_encrypt(out, null, plaintext, plaintext.length, ad, ad.length, null, nonce, key.bytes());
        Sodium.check(result, name() + " encrypt");
        return out;
    }

    public byte[] decrypt(byte[] ciphertext, byte[] aad, byte[] nonce, SecretBytes key) {
        check(nonce, key);
        if (ciphertext == null || ciphertext.length < TAG_BYTES) {
            throw new MalformedCiphertextException("ciphertext shorter than its tag");
        }
        byte[] out = new byte[ciphertext.length - TAG_BYTES];
        byte[] ad = aad == null ? new byte[0] : aad;
        int result = this == XCHACHA20_POLY1305_IETF
                ? Sodium.get().crypto_aead_xchacha20poly1305_ietf_decrypt(out, null, null, ciphertext, ciphertext.length, ad, ad.length, nonce, key.bytes())
                : Sodium.get().crypto_aead_chacha20poly1305_ietf_decrypt(out, null, null, ciphertext, ciphertext.length, ad, ad.length, nonce, key.bytes());
        if (result != 0) {
            throw new AuthenticationFailedException(name() + " ciphertext did not authenticate");
        }
        return out;
    }

    private void check(byte[] nonce, SecretBytes key) {
        Ed25519.requireLength(nonce, nonceBytes, "nonce");
        Ed25519.requireLength(key.bytes(), KEY_BYTES, "key");
    }
}
