package io.panzoto.diary.media;

import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.crypto.envelope.KeyWrap;
import io.panzoto.crypto.stream.StreamingAeadV1;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * How uce media are sealed: a fresh 32-byte key per file, kept only wrapped by the user's data key
 * (common-crypto KeyWrap, XChaCha20-Poly1305, the AAD naming user and file), and the bytes in
 * common-crypto's streaming v1 under it (the AAD again naming user and file, and whether it is the
 * original or its thumbnail), so a range can be read by chunk and no object can be swapped for another.
 */
final class MediaSealing {
    private MediaSealing() {
    }

    static SecretBytes newFileKey() {
        return new SecretBytes(SecureRandoms.bytes(32));
    }

    static byte[] wrap(SecretBytes fileKey, SecretBytes dataKey, UUID userId, UUID mediaId) {
        return KeyWrap.wrap(fileKey, dataKey, label("key", userId, mediaId));
    }

    static SecretBytes unwrap(byte[] wrapped, SecretBytes dataKey, UUID userId, UUID mediaId) {
        return KeyWrap.unwrap(wrapped, dataKey, label("key", userId, mediaId));
    }

    static InputStream sealing(InputStream plaintext, SecretBytes fileKey, UUID userId, UUID mediaId, int chunkBytes) {
        return StreamingAeadV1.encryptingInputStream(plaintext, fileKey, label("original", userId, mediaId), chunkBytes);
    }

    static InputStream opening(InputStream sealed, SecretBytes fileKey, UUID userId, UUID mediaId) throws IOException {
        return StreamingAeadV1.decryptingStream(sealed, fileKey, label("original", userId, mediaId));
    }

    static InputStream openingRange(StreamingAeadV1.RangeSource source, long sealedBytes, long first, long last, SecretBytes fileKey,
                                    UUID userId, UUID mediaId) throws IOException {
        return StreamingAeadV1.decryptingRange(source, sealedBytes, first, last, fileKey, label("original", userId, mediaId));
    }

    static byte[] sealThumbnail(byte[] jpeg, SecretBytes fileKey, UUID userId, UUID mediaId, int chunkBytes) {
        try (InputStream in = StreamingAeadV1.encryptingInputStream(new ByteArrayInputStream(jpeg), fileKey,
                label("thumbnail", userId, mediaId), chunkBytes)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InputStream openingThumbnail(InputStream sealed, SecretBytes fileKey, UUID userId, UUID mediaId) throws IOException {
        return StreamingAeadV1.decryptingStream(sealed, fileKey, label("thumbnail", userId, mediaId));
    }

    /** The stored size of {@code plaintextBytes} sealed in v1 with this chunk size. */
    static long sealedSize(long plaintextBytes, int chunkBytes) {
        // Every chunk full but the last; an empty file is one empty chunk.
        long chunks = Math.max(1, (plaintextBytes + chunkBytes - 1) / chunkBytes);
        return StreamingAeadV1.HEADER_BYTES + plaintextBytes + chunks * StreamingAeadV1.TAG_BYTES;
    }

    private static byte[] label(String part, UUID userId, UUID mediaId) {
        return ("panzoto-diary-media-v1:" + part + ":" + userId + ":" + mediaId).getBytes(StandardCharsets.US_ASCII);
    }
}
