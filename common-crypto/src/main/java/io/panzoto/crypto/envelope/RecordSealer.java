package io.panzoto.crypto.envelope;

import io.panzoto.crypto.AesGcm;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.MalformedCiphertextException;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Seals a stored record (a diary entry, a transcript) with AES-256-GCM under a user's data key, the
 * AAD binding user, record and version so a sealed value cannot be moved to another user, record or
 * version. Layout: {@code version (1) = 1 || nonce (12) || ciphertext || tag (16)}; AAD:
 * {@code "panzoto-record-v1" || len(user) || user || len(record) || record || version (8)},
 * lengths as 4-byte big-endian, strings UTF-8.
 */
public final class RecordSealer {
    private static final byte FORMAT = 1;
    private static final int NONCE_BYTES = AesGcm.NONCE_BYTES;
    private static final int TAG_BYTES = AesGcm.TAG_BYTES;
    private static final byte[] LABEL = "panzoto-record-v1".getBytes(StandardCharsets.US_ASCII);

    private RecordSealer() {
    }

    public static byte[] seal(SecretBytes key, String userId, String recordId, long version, byte[] plaintext) {
        byte[] nonce = SecureRandoms.bytes(NONCE_BYTES);
        byte[] sealed = AesGcm.seal(key, nonce, aad(userId, recordId, version), plaintext, 0, plaintext.length);
        return Bytes.concat(new byte[] {FORMAT}, nonce, sealed);
    }

    public static byte[] open(SecretBytes key, String userId, String recordId, long version, byte[] sealed) {
        if (sealed == null || sealed.length < 1 + NONCE_BYTES + TAG_BYTES) {
            throw new MalformedCiphertextException("sealed record too short");
        }
        if (sealed[0] != FORMAT) {
            throw new MalformedCiphertextException("unknown sealed record format " + sealed[0]);
        }
        byte[] nonce = Arrays.copyOfRange(sealed, 1, 1 + NONCE_BYTES);
        return AesGcm.open(key, nonce, aad(userId, recordId, version), sealed, 1 + NONCE_BYTES,
                sealed.length - 1 - NONCE_BYTES, "sealed record (wrong key, user, record or version?)");
    }

    static byte[] aad(String userId, String recordId, long version) {
        byte[] user = userId.getBytes(StandardCharsets.UTF_8);
        byte[] record = recordId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(LABEL.length + 4 + user.length + 4 + record.length + 8)
                .put(LABEL).putInt(user.length).put(user).putInt(record.length).put(record).putLong(version).array();
    }

}
