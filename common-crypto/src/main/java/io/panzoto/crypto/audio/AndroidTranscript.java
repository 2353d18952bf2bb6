package io.panzoto.crypto.audio;

import io.panzoto.crypto.AesGcm;
import io.panzoto.crypto.MalformedCiphertextException;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A transcript of an Android recording, sealed under the same key as the recording (PBKDF2 of the
 * user's password and key salt) so the app decrypts it with what it already holds:
 * {@code IV (12) || AES-256-GCM ciphertext || tag (16)} of the UTF-8 text, with the recording's file
 * id (UTF-8) as AAD, which binds a transcript to its recording (NIST SP 800-38D). The app opens it with
 * {@code Cipher.getInstance("AES/GCM/NoPadding")}, {@code updateAAD(fileId.getBytes(UTF_8))}.
 */
public final class AndroidTranscript {
    private AndroidTranscript() {
    }

    public static byte[] seal(SecretBytes key, String fileId, String text) {
        byte[] iv = SecureRandoms.bytes(AesGcm.NONCE_BYTES);
        byte[] plaintext = text.getBytes(StandardCharsets.UTF_8);
        byte[] sealed = AesGcm.seal(key, iv, fileId.getBytes(StandardCharsets.UTF_8), plaintext, 0, plaintext.length);
        Arrays.fill(plaintext, (byte) 0);
        byte[] out = new byte[iv.length + sealed.length];
        System.arraycopy(iv, 0, out, 0, iv.length);
        System.arraycopy(sealed, 0, out, iv.length, sealed.length);
        return out;
    }

    /** @throws io.panzoto.crypto.AuthenticationFailedException wrong key, another file's id, or altered bytes */
    public static String open(SecretBytes key, String fileId, byte[] sealed) {
        if (sealed.length < AesGcm.NONCE_BYTES + AesGcm.TAG_BYTES) {
            throw new MalformedCiphertextException("transcript shorter than IV and tag");
        }
        byte[] iv = Arrays.copyOf(sealed, AesGcm.NONCE_BYTES);
        byte[] plaintext = AesGcm.open(key, iv, fileId.getBytes(StandardCharsets.UTF_8), sealed, AesGcm.NONCE_BYTES,
                sealed.length - AesGcm.NONCE_BYTES, "transcript");
        String text = new String(plaintext, StandardCharsets.UTF_8);
        Arrays.fill(plaintext, (byte) 0);
        return text;
    }
}
