package io.panzoto.crypto.envelope;

import io.panzoto.crypto.AuthenticationFailedException;
import io.panzoto.crypto.ContentHash;
import io.panzoto.crypto.MalformedCiphertextException;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.sodium.SealedBox;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A client's per-file key, sealed by the client to the transcriber so a recording it uploads can be
 * transcribed without the server ever holding one of the user's long-term keys: a libsodium sealed box
 * ({@link SealedBox}) to the transcriber's X25519 key of
 * {@code "PZFK" || version 1 || SHA-256(object key) (32) || file key (32)}. Binding the object key means
 * a box copied onto another upload opens nothing there. Clients build it with any libsodium
 * ({@code crypto_box_seal}); the layout is all they need.
 */
public final class SealedFileKey {
    private static final byte[] MAGIC = {'P', 'Z', 'F', 'K', 1};
    private static final int KEY_BYTES = 32;
    private static final int MESSAGE_BYTES = MAGIC.length + 32 + KEY_BYTES;
    /** The length of every sealed file key. */
    public static final int BYTES = SealedBox.OVERHEAD + MESSAGE_BYTES;

    private SealedFileKey() {
    }

    public static byte[] seal(SecretBytes fileKey, String objectKey, byte[] transcriberPublicKey) {
        if (fileKey.length() != KEY_BYTES) {
            throw new IllegalArgumentException("a file key is 32 bytes");
        }
        ByteBuffer message = ByteBuffer.allocate(MESSAGE_BYTES);
        message.put(MAGIC).put(objectHash(objectKey)).put(fileKey.bytes());
        try {
            return SealedBox.seal(message.array(), transcriberPublicKey);
        } finally {
            Arrays.fill(message.array(), (byte) 0);
        }
    }

    /**
     * Opens the box for this object.
     *
     * @throws MalformedCiphertextException not the length of a sealed file key
     * @throws AuthenticationFailedException not sealed to this transcriber, altered, or made for another object
     */
    public static SecretBytes open(byte[] box, String objectKey, byte[] transcriberPublicKey, SecretBytes transcriberSecretKey) {
        if (box.length != BYTES) {
            throw new MalformedCiphertextException("a sealed file key is " + BYTES + " bytes");
        }
        byte[] message = SealedBox.open(box, transcriberPublicKey, transcriberSecretKey);
        try {
            byte[] magic = Arrays.copyOfRange(message, 0, MAGIC.length);
            byte[] boundTo = Arrays.copyOfRange(message, MAGIC.length, MAGIC.length + 32);
            if (!Arrays.equals(magic, MAGIC) || !MessageDigest.isEqual(boundTo, objectHash(objectKey))) {
                throw new AuthenticationFailedException("the file key was sealed for another object");
            }
            return new SecretBytes(Arrays.copyOfRange(message, MAGIC.length + 32, MESSAGE_BYTES));
        } finally {
            Arrays.fill(message, (byte) 0);
        }
    }

    private static byte[] objectHash(String objectKey) {
        return ContentHash.sha256(objectKey.getBytes(StandardCharsets.UTF_8));
    }
}
