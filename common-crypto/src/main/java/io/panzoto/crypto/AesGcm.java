package io.panzoto.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One-shot AES-256-GCM (NIST SP 800-38D) with a 96-bit nonce and a 128-bit tag, on the JDK's
 * intrinsics: the building block of {@code RecordSealer} and {@code StreamingAeadV1}. Output and
 * input of {@link #open} are ciphertext || tag.
 */
public final class AesGcm {
    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;

    private AesGcm() {
    }

    public static byte[] seal(SecretBytes key, byte[] nonce, byte[] aad, byte[] plaintext, int offset, int length) {
        try {
            return cipher(Cipher.ENCRYPT_MODE, key, nonce, aad).doFinal(plaintext, offset, length);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("AES-GCM encryption failed", e);
        }
    }

    /** @throws AuthenticationFailedException if the tag does not verify (wrong key, nonce, AAD or data) */
    public static byte[] open(SecretBytes key, byte[] nonce, byte[] aad, byte[] sealed, int offset, int length, String what) {
        if (length < TAG_BYTES) {
            throw new MalformedCiphertextException(what + " shorter than its tag");
        }
        try {
            return cipher(Cipher.DECRYPT_MODE, key, nonce, aad).doFinal(sealed, offset, length);
        } catch (AEADBadTagException e) {
            throw new AuthenticationFailedException(what + " did not authenticate");
        } catch (GeneralSecurityException e) {
            throw new CryptoException("AES-GCM decryption failed", e);
        }
    }

    private static Cipher cipher(int mode, SecretBytes key, byte[] nonce, byte[] aad) throws GeneralSecurityException {
        if (key.length() != KEY_BYTES) {
            throw new IllegalArgumentException("AES-256 needs a 32-byte key");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key.bytes(), "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
        if (aad != null) {
            cipher.updateAAD(aad);
        }
        return cipher;
    }
}
