package io.panzoto.crypto.envelope;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.MalformedCiphertextException;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.crypto.sodium.Aead;
import java.util.Arrays;

/**
 * Wraps a data key under a key-encryption key with XChaCha20-Poly1305 (random 24-byte nonce) and
 * AAD naming what the key is for. Layout: {@code version (1) = 1 || nonce (24) || ciphertext || tag (16)}.
 */
public final class KeyWrap {
    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = Aead.XCHACHA20_POLY1305_IETF.nonceBytes();

    private KeyWrap() {
    }

    public static byte[] wrap(SecretBytes dataKey, SecretBytes keyEncryptionKey, byte[] aad) {
        byte[] nonce = SecureRandoms.bytes(NONCE_BYTES);
        byte[] sealed = Aead.XCHACHA20_POLY1305_IETF.encrypt(dataKey.bytes(), aad, nonce, keyEncryptionKey);
        return Bytes.concat(new byte[] {VERSION}, nonce, sealed);
    }

    /** @throws io.panzoto.crypto.AuthenticationFailedException wrong KEK or AAD, or an altered wrap */
    public static SecretBytes unwrap(byte[] wrapped, SecretBytes keyEncryptionKey, byte[] aad) {
        if (wrapped == null || wrapped.length < 1 + NONCE_BYTES + Aead.TAG_BYTES) {
            throw new MalformedCiphertextException("wrapped key too short");
        }
        if (wrapped[0] != VERSION) {
            throw new MalformedCiphertextException("unknown key wrap version " + wrapped[0]);
        }
        byte[] nonce = Arrays.copyOfRange(wrapped, 1, 1 + NONCE_BYTES);
        byte[] sealed = Arrays.copyOfRange(wrapped, 1 + NONCE_BYTES, wrapped.length);
        return new SecretBytes(Aead.XCHACHA20_POLY1305_IETF.decrypt(sealed, aad, nonce, keyEncryptionKey));
    }
}
