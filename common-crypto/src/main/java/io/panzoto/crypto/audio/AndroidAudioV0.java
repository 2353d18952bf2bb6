package io.panzoto.crypto.audio;

import io.panzoto.crypto.AuthenticationFailedException;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.CryptoException;
import io.panzoto.crypto.MalformedCiphertextException;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.crypto.VerifiedPlaintext;
import io.panzoto.crypto.kdf.Pbkdf2;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Android voice-notes app's file format, version 0: {@code IV (12 bytes) || AES-256-GCM
 * ciphertext || tag (16 bytes)}, no AAD (NIST SP 800-38D), the key being PBKDF2-HMAC-SHA256 of the
 * password and the user's key salt, 100,000 iterations. Exactly what Android's
 * {@code Cipher.getInstance("AES/GCM/NoPadding")} writes.
 *
 * <p>Decryption streams in constant memory and releases nothing before the tag verifies. The JDK's
 * GCM decryption buffers the whole plaintext until {@code doFinal}, so it is not used. Instead, two
 * streaming JDK ciphers share the work, both on AES and GHASH intrinsics: AES-CTR from counter 2
 * (GCM's keystream) turns ciphertext into plaintext, which goes to a temporary file; that plaintext is
 * fed through AES-GCM <em>encryption</em> with the same key and IV, which reproduces the ciphertext
 * and computes GCM's tag over it, exactly as the sender did. The file is handed over only if that tag
 * equals the one at the end of the input (compared in constant time); otherwise it is deleted.
 */
public final class AndroidAudioV0 {
    public static final int IV_BYTES = 12;
    public static final int TAG_BYTES = 16;
    private static final int BUFFER_BYTES = 256 * 1024;
    /** GCM's 32-bit block counter bounds one message to 2^32 - 2 blocks (SP 800-38D). */
    private static final long MAX_CIPHERTEXT_BYTES = ((1L << 32) - 2) * 16;

    private AndroidAudioV0() {
    }

    public static SecretBytes deriveKey(String password, byte[] keySalt) {
        return Pbkdf2.deriveAndroidKey(password, keySalt);
    }

    /** Encrypts a stream in constant memory, with a fresh random IV. */
    public static void encrypt(InputStream plaintext, OutputStream out, SecretBytes key) throws IOException {
        byte[] iv = SecureRandoms.bytes(IV_BYTES);
        Cipher gcm = cipher("AES/GCM/NoPadding", Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, iv));
        out.write(iv);
        byte[] in = new byte[BUFFER_BYTES];
        byte[] buffer = new byte[BUFFER_BYTES + TAG_BYTES];
        int read;
        try {
            while ((read = plaintext.read(in)) != -1) {
                out.write(buffer, 0, gcm.update(in, 0, read, buffer, 0));
            }
            out.write(buffer, 0, gcm.doFinal(buffer, 0));
        } catch (GeneralSecurityException e) {
            throw new CryptoException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Decrypts into a private temp file in {@code directory}; returns it only once the tag verified.
     *
     * @throws AuthenticationFailedException wrong key or altered data (no file is left behind)
     * @throws MalformedCiphertextException  input shorter than IV and tag
     */
    public static VerifiedPlaintext decryptToTempFile(InputStream ciphertext, SecretBytes key, Path directory) {
        return VerifiedPlaintext.write(directory, out -> decrypt(ciphertext, key, out));
    }

    /** The streaming core; package-private so a benchmark can measure it without the file system. */
    static void decrypt(InputStream in, SecretBytes key, OutputStream plaintextOut) throws IOException {
        byte[] iv = in.readNBytes(IV_BYTES);
        if (iv.length < IV_BYTES) {
            throw new MalformedCiphertextException("v0 file shorter than its IV");
        }
        Cipher keystream = cipher("AES/CTR/NoPadding", Cipher.DECRYPT_MODE, key, new IvParameterSpec(firstCounterBlock(iv)));
        Cipher tagger = cipher("AES/GCM/NoPadding", Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, iv));

        // The last TAG_BYTES of the input are the tag: hold them back until the input ends.
        byte[] window = new byte[BUFFER_BYTES + TAG_BYTES];
        byte[] plain = new byte[BUFFER_BYTES + TAG_BYTES];
        byte[] scratch = new byte[BUFFER_BYTES + 2 * TAG_BYTES];
        int held = 0;
        long total = 0;
        try {
            int read;
            while ((read = in.read(window, held, window.length - held)) != -1) {
                held += read;
                total += read;
                if (total > MAX_CIPHERTEXT_BYTES + TAG_BYTES) {
                    throw new MalformedCiphertextException("v0 file larger than GCM allows");
                }
                int ready = held - TAG_BYTES;
                if (ready >= BUFFER_BYTES / 2) {
                    process(window, ready, keystream, tagger, plain, scratch, plaintextOut);
                    System.arraycopy(window, ready, window, 0, TAG_BYTES);
                    held = TAG_BYTES;
                }
            }
            if (held < TAG_BYTES) {
                throw new MalformedCiphertextException("v0 file shorter than IV and tag");
            }
            int ready = held - TAG_BYTES;
            process(window, ready, keystream, tagger, plain, scratch, plaintextOut);
            byte[] finalBlock = tagger.doFinal();
            byte[] expectedTag = Arrays.copyOfRange(finalBlock, finalBlock.length - TAG_BYTES, finalBlock.length);
            byte[] receivedTag = Arrays.copyOfRange(window, ready, held);
            if (!Bytes.constantTimeEquals(expectedTag, receivedTag)) {
                throw new AuthenticationFailedException("v0 file did not authenticate (wrong password or altered data)");
            }
        } catch (GeneralSecurityException e) {
            throw new CryptoException("AES-GCM failed", e);
        } finally {
            Bytes.wipe(plain, scratch);
        }
    }

    private static void process(byte[] ciphertext, int length, Cipher keystream, Cipher tagger, byte[] plain,
                                byte[] scratch, OutputStream out) throws GeneralSecurityException, IOException {
        if (length == 0) {
            return;
        }
        int produced = keystream.update(ciphertext, 0, length, plain, 0);
        tagger.update(plain, 0, produced, scratch, 0); // reproduces the ciphertext, advancing GHASH
        out.write(plain, 0, produced);
    }

    /** GCM with a 96-bit IV encrypts with counters IV || 2, IV || 3, ... (IV || 1 masks the tag). */
    private static byte[] firstCounterBlock(byte[] iv) {
        byte[] counter = new byte[16];
        System.arraycopy(iv, 0, counter, 0, IV_BYTES);
        counter[15] = 2;
        return counter;
    }

    private static Cipher cipher(String transformation, int mode, SecretBytes key, AlgorithmParameterSpec spec) {
        if (key.length() != 32) {
            throw new IllegalArgumentException("AES-256 needs a 32-byte key");
        }
        try {
            Cipher cipher = Cipher.getInstance(transformation);
            cipher.init(mode, new SecretKeySpec(key.bytes(), "AES"), spec);
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new CryptoException(transformation + " unavailable", e);
        }
    }
}
