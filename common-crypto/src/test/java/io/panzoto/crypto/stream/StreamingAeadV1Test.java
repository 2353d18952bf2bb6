package io.panzoto.crypto.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.panzoto.crypto.AuthenticationFailedException;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.CryptoException;
import io.panzoto.crypto.MalformedCiphertextException;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.crypto.VerifiedPlaintext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingAeadV1Test {
    private static final int CHUNK = 1024;
    private static final int STRIDE = CHUNK + StreamingAeadV1.TAG_BYTES;
    private static final byte[] AAD = "file-42".getBytes(StandardCharsets.UTF_8);

    private final SecretBytes key = SecretBytes.copyOf(SecureRandoms.bytes(32));

    @TempDir
    Path tempDir;

    @AfterEach
    void wipe() {
        key.close();
    }

    @Test
    void roundTripsEverySizeAroundChunkBoundaries() throws IOException {
        for (int size : new int[] {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 5}) {
            byte[] plain = SecureRandoms.bytes(size);
            byte[] file = encrypt(plain, AAD);
            int chunks = Math.max(1, (size + CHUNK - 1) / CHUNK);
            assertEquals(StreamingAeadV1.HEADER_BYTES + size + chunks * StreamingAeadV1.TAG_BYTES, file.length, "size " + size);
            assertArrayEquals(plain, decrypt(file, AAD), "size " + size);
        }
    }

    @Test
    void readsAnyChunkAlone() throws IOException {
        byte[] plain = SecureRandoms.bytes(3 * CHUNK + 100);
        Path file = Files.write(tempDir.resolve("v1.bin"), encrypt(plain, AAD));
        try (var channel = Files.newByteChannel(file, StandardOpenOption.READ)) {
            for (int index = 0; index < 4; index++) {
                byte[] expected = Arrays.copyOfRange(plain, index * CHUNK, Math.min(plain.length, (index + 1) * CHUNK));
                assertArrayEquals(expected, StreamingAeadV1.decryptChunk(channel, index, key, AAD), "chunk " + index);
            }
            assertThrows(MalformedCiphertextException.class, () -> StreamingAeadV1.decryptChunk(channel, 4, key, AAD));
        }
    }

    @Test
    void aFlippedBitAnywhereFails() throws IOException {
        byte[] file = encrypt(SecureRandoms.bytes(2 * CHUNK + 10), AAD);
        for (int position = 0; position < file.length; position += 97) {
            byte[] tampered = file.clone();
            tampered[position] ^= 0x04;
            assertThrows(CryptoException.class, () -> decrypt(tampered, AAD), "bit at " + position);
        }
        assertNoFilesLeft();
    }

    @Test
    void truncationAtAChunkBoundaryOrInsideAChunkFails() throws IOException {
        byte[] file = encrypt(SecureRandoms.bytes(3 * CHUNK), AAD);
        int header = StreamingAeadV1.HEADER_BYTES;
        assertThrows(AuthenticationFailedException.class, () -> decrypt(Arrays.copyOf(file, header + 2 * STRIDE), AAD));
        assertThrows(AuthenticationFailedException.class, () -> decrypt(Arrays.copyOf(file, header + STRIDE + 100), AAD));
        assertThrows(MalformedCiphertextException.class, () -> decrypt(Arrays.copyOf(file, header), AAD));
        assertThrows(MalformedCiphertextException.class, () -> decrypt(Arrays.copyOf(file, 20), AAD));
    }

    @Test
    void reorderedDroppedOrForeignChunksFail() throws IOException {
        byte[] plain = SecureRandoms.bytes(4 * CHUNK);
        byte[] file = encrypt(plain, AAD);
        byte[] swapped = file.clone();
        System.arraycopy(file, chunkOffset(0), swapped, chunkOffset(1), STRIDE);
        System.arraycopy(file, chunkOffset(1), swapped, chunkOffset(0), STRIDE);
        assertThrows(AuthenticationFailedException.class, () -> decrypt(swapped, AAD));

        byte[] dropped = Bytes.concat(Arrays.copyOf(file, chunkOffset(1)), Arrays.copyOfRange(file, chunkOffset(2), file.length));
        assertThrows(AuthenticationFailedException.class, () -> decrypt(dropped, AAD));

        byte[] other = encrypt(plain, AAD); // same key and plaintext, another file
        byte[] spliced = file.clone();
        System.arraycopy(other, chunkOffset(2), spliced, chunkOffset(2), STRIDE);
        assertThrows(AuthenticationFailedException.class, () -> decrypt(spliced, AAD));
    }

    @Test
    void aWrongKeyOrAssociatedDataFails() throws IOException {
        byte[] file = encrypt(SecureRandoms.bytes(100), AAD);
        assertThrows(AuthenticationFailedException.class, () -> decrypt(file, "file-43".getBytes(StandardCharsets.UTF_8)));
        try (SecretBytes other = SecretBytes.copyOf(SecureRandoms.bytes(32))) {
            assertThrows(AuthenticationFailedException.class, () -> StreamingAeadV1.decryptToTempFile(
                    new ByteArrayInputStream(file), other, AAD, tempDir).close());
        }
        assertNoFilesLeft();
    }

    @Test
    void anAlteredHeaderIsRejected() throws IOException {
        byte[] file = encrypt(SecureRandoms.bytes(100), AAD);
        byte[] wrongVersion = file.clone();
        wrongVersion[3] = 2;
        assertThrows(MalformedCiphertextException.class, () -> decrypt(wrongVersion, AAD));
        byte[] notOurs = file.clone();
        notOurs[0] = 'X';
        assertThrows(MalformedCiphertextException.class, () -> decrypt(notOurs, AAD));
    }

    private static int chunkOffset(int index) {
        return StreamingAeadV1.HEADER_BYTES + index * STRIDE;
    }

    @Test
    void anyByteRangeDecryptsFromTheChunksThatHoldItAlone() throws IOException {
        for (int size : new int[] {1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17}) {
            byte[] plain = SecureRandoms.bytes(size);
            byte[] file = encrypt(plain, AAD);
            assertEquals(size, StreamingAeadV1.plaintextLength(file.length, CHUNK));
            long[][] ranges = {{0, size - 1}, {0, 0}, {size - 1, size - 1}, {size / 2, size - 1}, {size / 3, size / 3 + size / 4}};
            for (long[] range : ranges) {
                long[] fetched = new long[1];
                StreamingAeadV1.RangeSource source = (first, last) -> {
                    fetched[0] += last - first + 1;
                    return new ByteArrayInputStream(Arrays.copyOfRange(file, (int) first, (int) last + 1));
                };
                try (InputStream in = StreamingAeadV1.decryptingRange(source, file.length, range[0], range[1], key, AAD)) {
                    assertArrayEquals(Arrays.copyOfRange(plain, (int) range[0], (int) range[1] + 1), in.readAllBytes(),
                            size + " bytes, range " + Arrays.toString(range));
                }
                long chunks = range[1] / CHUNK - range[0] / CHUNK + 1;
                assertEquals(true, fetched[0] <= StreamingAeadV1.HEADER_BYTES + chunks * (CHUNK + StreamingAeadV1.TAG_BYTES),
                        "only the header and the range's chunks are fetched");
            }
        }
    }

    @Test
    void aRangeOverATamperedChunkOrWithAnotherFilesDataFailsBeforeReleasingIt() throws IOException {
        byte[] plain = SecureRandoms.bytes(3 * CHUNK);
        byte[] file = encrypt(plain, AAD);
        byte[] tampered = file.clone();
        tampered[StreamingAeadV1.HEADER_BYTES + CHUNK + StreamingAeadV1.TAG_BYTES + 5] ^= 1; // in chunk 1
        StreamingAeadV1.RangeSource source = (first, last) -> new ByteArrayInputStream(Arrays.copyOfRange(tampered, (int) first, (int) last + 1));
        try (InputStream in = StreamingAeadV1.decryptingRange(source, tampered.length, 0, CHUNK - 1, key, AAD)) {
            assertArrayEquals(Arrays.copyOfRange(plain, 0, CHUNK), in.readAllBytes(), "chunk 0 is untouched");
        }
        assertThrows(AuthenticationFailedException.class, () -> {
            try (InputStream in = StreamingAeadV1.decryptingRange(source, tampered.length, CHUNK, CHUNK + 10, key, AAD)) {
                in.readAllBytes();
            }
        });
        StreamingAeadV1.RangeSource intact = (first, last) -> new ByteArrayInputStream(Arrays.copyOfRange(file, (int) first, (int) last + 1));
        assertThrows(AuthenticationFailedException.class, () -> {
            try (InputStream in = StreamingAeadV1.decryptingRange(intact, file.length, 0, 10, key, "another file".getBytes(StandardCharsets.UTF_8))) {
                in.readAllBytes();
            }
        });
    }

    @Test
    void theEncryptingInputStreamWritesAFileEveryReaderOpens() throws IOException {
        for (int size : new int[] {0, 1, CHUNK - 1, CHUNK, 2 * CHUNK, 3 * CHUNK + 17}) {
            byte[] plain = SecureRandoms.bytes(size);
            byte[] file;
            try (InputStream in = StreamingAeadV1.encryptingInputStream(new ByteArrayInputStream(plain), key, AAD, CHUNK)) {
                file = in.readAllBytes();
            }
            assertEquals(encrypt(plain, AAD).length, file.length, size + " bytes: the writer's layout");
            assertArrayEquals(plain, decrypt(file, AAD), size + " bytes");
            assertEquals(size, StreamingAeadV1.plaintextLength(file.length, CHUNK));
        }
    }

    private byte[] encrypt(byte[] plain, byte[] aad) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamingAeadV1.encrypt(new ByteArrayInputStream(plain), out, key, aad, CHUNK);
        return out.toByteArray();
    }

    private byte[] decrypt(byte[] file, byte[] aad) throws IOException {
        try (VerifiedPlaintext plain = StreamingAeadV1.decryptToTempFile(new ByteArrayInputStream(file), key, aad, tempDir);
             InputStream in = plain.open()) {
            return in.readAllBytes();
        }
    }

    private void assertNoFilesLeft() throws IOException {
        try (var files = Files.list(tempDir)) {
            assertEquals(0, files.filter(p -> p.getFileName().toString().startsWith("pz-plain-")).count());
        }
    }
}
