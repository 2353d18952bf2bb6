package io.panzoto.crypto.stream;

import io.panzoto.crypto.AesGcm;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.CryptoException;
import io.panzoto.crypto.MalformedCiphertextException;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.crypto.VerifiedPlaintext;
import io.panzoto.crypto.kdf.Hkdf;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Streaming format v1 for new uploads: chunked AES-256-GCM in the manner of Tink's
 * AES-GCM-HKDF streaming AEAD and the STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár).
 * The byte layout is in this module's README. Each file gets its own key,
 * {@code HKDF-SHA256(master key, header salt, "panzoto-stream-v1" || associated data)}; chunk i is
 * sealed with nonce {@code prefix (7) || i (4, big-endian) || last (1)} and the header as AAD. So a
 * flipped bit, a reordered, dropped or swapped chunk, a truncation at any point, or a chunk from
 * another file fails to authenticate; chunk N can be read alone.
 */
public final class StreamingAeadV1 {
    public static final int DEFAULT_CHUNK_BYTES = 64 * 1024;
    public static final int HEADER_BYTES = 48;
    public static final int TAG_BYTES = AesGcm.TAG_BYTES;
    static final byte[] MAGIC = {'P', 'Z', 'S'};
    static final byte VERSION = 1;
    private static final int SALT_BYTES = 32;
    private static final int PREFIX_BYTES = 7;
    private static final byte[] INFO = "panzoto-stream-v1".getBytes(StandardCharsets.US_ASCII);

    private StreamingAeadV1() {
    }

    /** Encrypts a whole stream, one chunk in memory at a time. */
    public static void encrypt(InputStream plaintext, OutputStream out, SecretBytes masterKey, byte[] associatedData,
                               int chunkBytes) throws IOException {
        try (EncryptingOutputStream encrypting = new EncryptingOutputStream(out, masterKey, associatedData, chunkBytes)) {
            plaintext.transferTo(encrypting);
        }
    }

    /** An OutputStream that writes v1 to {@code out}; {@link OutputStream#close()} seals the last chunk. */
    public static OutputStream encryptingStream(OutputStream out, SecretBytes masterKey, byte[] associatedData, int chunkBytes)
            throws IOException {
        return new EncryptingOutputStream(out, masterKey, associatedData, chunkBytes);
    }

    /**
     * The v1 file of a plaintext stream, read as it is produced (for a consumer that pulls, such as an
     * upload to S3): one chunk and one chunk of look-ahead in memory; the same bytes
     * {@link #encryptingStream} writes.
     */
    public static InputStream encryptingInputStream(InputStream plaintext, SecretBytes masterKey, byte[] associatedData, int chunkBytes) {
        return new EncryptingInputStream(plaintext, masterKey, associatedData, chunkBytes);
    }

    /**
     * Decrypts chunk by chunk: each chunk's plaintext is released once that chunk authenticated; a
     * stream cut short fails at its end. For all-or-nothing use, see {@link #decryptToTempFile}.
     */
    public static InputStream decryptingStream(InputStream ciphertext, SecretBytes masterKey, byte[] associatedData) throws IOException {
        return new DecryptingInputStream(ciphertext, masterKey, associatedData);
    }

    /** Decrypts the whole stream into a private temp file, returned only if every chunk authenticated. */
    public static VerifiedPlaintext decryptToTempFile(InputStream ciphertext, SecretBytes masterKey, byte[] associatedData,
                                                      Path directory) {
        return VerifiedPlaintext.write(directory, out -> {
            try (InputStream plain = decryptingStream(ciphertext, masterKey, associatedData)) {
                plain.transferTo(out);
            }
        });
    }

    /** Decrypts chunk {@code index} alone (random access). */
    public static byte[] decryptChunk(SeekableByteChannel file, long index, SecretBytes masterKey, byte[] associatedData)
            throws IOException {
        Header header = Header.read(readFully(file, 0, HEADER_BYTES));
        long stride = header.chunkBytes + (long) TAG_BYTES;
        long offset = HEADER_BYTES + index * stride;
        if (index < 0 || offset >= file.size()) {
            throw new MalformedCiphertextException("no chunk " + index + " in this file");
        }
        int length = (int) Math.min(stride, file.size() - offset);
        boolean last = offset + length == file.size();
        try (SecretBytes fileKey = header.fileKey(masterKey, associatedData)) {
            return header.open(fileKey, index, last, readFully(file, offset, length), length);
        }
    }

    /** Where a v1 file's ciphertext is read from by byte range (an S3 object): bytes first to last, inclusive. */
    @FunctionalInterface
    public interface RangeSource {
        InputStream open(long first, long last) throws IOException;
    }

    /**
     * Plaintext bytes {@code first} to {@code last} (inclusive) of a v1 file of {@code ciphertextSize}
     * bytes: the header and only the chunks that hold the range are fetched, each authenticated before
     * any of its bytes is released (an HTTP Range request on a sealed object).
     */
    public static InputStream decryptingRange(RangeSource source, long ciphertextSize, long first, long last, SecretBytes masterKey,
                                              byte[] associatedData) throws IOException {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("an empty range");
        }
        byte[] headerBytes;
        try (InputStream in = source.open(0, HEADER_BYTES - 1)) {
            headerBytes = in.readNBytes(HEADER_BYTES);
        }
        Header header = Header.read(headerBytes);
        long stride = header.chunkBytes + (long) TAG_BYTES;
        long firstChunk = first / header.chunkBytes;
        long lastChunk = last / header.chunkBytes;
        long from = HEADER_BYTES + firstChunk * stride;
        long to = Math.min(HEADER_BYTES + (lastChunk + 1) * stride, ciphertextSize) - 1;
        if (from > to) {
            throw new MalformedCiphertextException("the range lies past the end of the file");
        }
        return new RangeInputStream(source.open(from, to), header, header.fileKey(masterKey, associatedData), ciphertextSize,
                firstChunk, lastChunk, first, last);
    }

    /** The plaintext length of a v1 file of {@code ciphertextSize} bytes sealed in chunks of {@code chunkBytes}. */
    public static long plaintextLength(long ciphertextSize, int chunkBytes) {
        long body = ciphertextSize - HEADER_BYTES;
        long stride = chunkBytes + (long) TAG_BYTES;
        long chunks = (body + stride - 1) / stride;
        return body - chunks * TAG_BYTES;
    }

    /**
     * A stream served one chunk at a time: {@link #nextChunk} gives the next bytes to release (possibly
     * none), or null at the end. The three v1 streams (encrypting, decrypting, ranged) share this.
     */
    private abstract static class ChunkedInputStream extends InputStream {
        private byte[] current = new byte[0];
        private int position;

        abstract byte[] nextChunk() throws IOException;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (position == current.length) {
                byte[] next = nextChunk();
                if (next == null) {
                    return -1;
                }
                current = next;
                position = 0;
            }
            int n = Math.min(length, current.length - position);
            System.arraycopy(current, position, buffer, offset, n);
            position += n;
            return n;
        }
    }

    /** Chunk by chunk over a ranged ciphertext stream, releasing only the asked bytes of each authenticated chunk. */
    private static final class RangeInputStream extends ChunkedInputStream {
        private final InputStream ciphertext;
        private final Header header;
        private final SecretBytes fileKey;
        private final long ciphertextSize;
        private final long lastChunk;
        private final long first;
        private final long last;
        private long index;

        RangeInputStream(InputStream ciphertext, Header header, SecretBytes fileKey, long ciphertextSize, long firstChunk, long lastChunk,
                         long first, long last) {
            this.ciphertext = ciphertext;
            this.header = header;
            this.fileKey = fileKey;
            this.ciphertextSize = ciphertextSize;
            this.index = firstChunk;
            this.lastChunk = lastChunk;
            this.first = first;
            this.last = last;
        }

        @Override
        byte[] nextChunk() throws IOException {
            if (index > lastChunk) {
                return null;
            }
            long stride = header.chunkBytes + (long) TAG_BYTES;
            long offset = HEADER_BYTES + index * stride;
            int length = (int) Math.min(stride, ciphertextSize - offset);
            byte[] sealed = ciphertext.readNBytes(length);
            if (sealed.length != length) {
                throw new MalformedCiphertextException("v1 file truncated");
            }
            byte[] plain = header.open(fileKey, index, offset + length == ciphertextSize, sealed, length);
            long chunkStart = index * header.chunkBytes;
            int from = (int) Math.max(0, first - chunkStart);
            int to = (int) Math.min(plain.length, last - chunkStart + 1);
            index++;
            return from >= to ? new byte[0] : Arrays.copyOfRange(plain, from, to);
        }

        @Override
        public void close() throws IOException {
            fileKey.close();
            ciphertext.close();
        }
    }

    private static byte[] readFully(SeekableByteChannel file, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        file.position(position);
        while (buffer.hasRemaining()) {
            if (file.read(buffer) < 0) {
                throw new MalformedCiphertextException("v1 file truncated");
            }
        }
        return buffer.array();
    }

    /** The 48-byte header: magic, version, chunk size, salt, nonce prefix, a reserved zero byte. */
    static final class Header {
        final byte[] bytes;
        final int chunkBytes;
        final byte[] salt;
        final byte[] prefix;

        private Header(byte[] bytes, int chunkBytes, byte[] salt, byte[] prefix) {
            this.bytes = bytes;
            this.chunkBytes = chunkBytes;
            this.salt = salt;
            this.prefix = prefix;
        }

        static Header fresh(int chunkBytes) {
            if (chunkBytes < 1024 || chunkBytes > 16 * 1024 * 1024) {
                throw new IllegalArgumentException("chunk size must be between 1 KiB and 16 MiB");
            }
            byte[] salt = SecureRandoms.bytes(SALT_BYTES);
            byte[] prefix = SecureRandoms.bytes(PREFIX_BYTES);
            ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES);
            buffer.put(MAGIC).put(VERSION).putInt(chunkBytes).put(salt).put(prefix).put((byte) 0);
            return new Header(buffer.array(), chunkBytes, salt, prefix);
        }

        static Header read(byte[] bytes) {
            if (bytes.length != HEADER_BYTES) {
                throw new MalformedCiphertextException("v1 file shorter than its header");
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            byte[] magic = new byte[MAGIC.length];
            buffer.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new MalformedCiphertextException("not a v1 stream");
            }
            byte version = buffer.get();
            if (version != VERSION) {
                throw new MalformedCiphertextException("unknown stream version " + version);
            }
            int chunkBytes = buffer.getInt();
            if (chunkBytes < 1024 || chunkBytes > 16 * 1024 * 1024) {
                throw new MalformedCiphertextException("invalid chunk size");
            }
            byte[] salt = new byte[SALT_BYTES];
            byte[] prefix = new byte[PREFIX_BYTES];
            buffer.get(salt).get(prefix);
            if (buffer.get() != 0) {
                throw new MalformedCiphertextException("reserved header byte is not zero");
            }
            return new Header(bytes, chunkBytes, salt, prefix);
        }

        SecretBytes fileKey(SecretBytes masterKey, byte[] associatedData) {
            if (masterKey.length() != 32) {
                throw new IllegalArgumentException("the master key must be 32 bytes");
            }
            byte[] info = Bytes.concat(INFO, associatedData == null ? new byte[0] : associatedData);
            return Hkdf.derive(masterKey.bytes(), salt, info, 32);
        }

        byte[] nonce(long index, boolean last) {
            if (index > 0xFFFF_FFFFL) {
                throw new CryptoException("stream longer than 2^32 chunks");
            }
            return ByteBuffer.allocate(12).put(prefix).putInt((int) index).put((byte) (last ? 1 : 0)).array();
        }

        byte[] seal(SecretBytes fileKey, long index, boolean last, byte[] plaintext, int length) {
            return AesGcm.seal(fileKey, nonce(index, last), bytes, plaintext, 0, length);
        }

        byte[] open(SecretBytes fileKey, long index, boolean last, byte[] ciphertext, int length) {
            return AesGcm.open(fileKey, nonce(index, last), bytes, ciphertext, 0, length, "v1 chunk " + index);
        }
    }

    private static final class EncryptingOutputStream extends OutputStream {
        private final OutputStream out;
        private final Header header;
        private final SecretBytes fileKey;
        private final byte[] chunk;
        private int filled;
        private long index;
        private boolean closed;

        EncryptingOutputStream(OutputStream out, SecretBytes masterKey, byte[] associatedData, int chunkBytes) throws IOException {
            this.out = out;
            this.header = Header.fresh(chunkBytes);
            this.fileKey = header.fileKey(masterKey, associatedData);
            this.chunk = new byte[chunkBytes];
            out.write(header.bytes);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] data, int offset, int length) throws IOException {
            while (length > 0) {
                if (filled == chunk.length) {
                    // A full chunk is sealed as "not last" only once more data proves it is not the last.
                    out.write(header.seal(fileKey, index++, false, chunk, filled));
                    filled = 0;
                }
                int take = Math.min(length, chunk.length - filled);
                System.arraycopy(data, offset, chunk, filled, take);
                filled += take;
                offset += take;
                length -= take;
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                out.write(header.seal(fileKey, index, true, chunk, filled));
                out.flush();
            } finally {
                Bytes.wipe(chunk);
                fileKey.close();
            }
        }
    }

    private static final class EncryptingInputStream extends ChunkedInputStream {
        private final InputStream plaintext;
        private final Header header;
        private final SecretBytes fileKey;
        private byte[] chunk;
        private byte[] next;
        private int chunkLength = -1;
        private long index;
        private boolean headerSent;
        private boolean sealedLast;

        EncryptingInputStream(InputStream plaintext, SecretBytes masterKey, byte[] associatedData, int chunkBytes) {
            this.plaintext = plaintext;
            this.header = Header.fresh(chunkBytes);
            this.fileKey = header.fileKey(masterKey, associatedData);
            this.chunk = new byte[chunkBytes];
            this.next = new byte[chunkBytes];
        }

        /** The header, then each chunk; a full chunk is sealed "not last" only once more data proves it (as the writer does). */
        @Override
        byte[] nextChunk() throws IOException {
            if (!headerSent) {
                headerSent = true;
                return header.bytes;
            }
            if (sealedLast) {
                return null;
            }
            if (chunkLength < 0) {
                chunkLength = plaintext.readNBytes(chunk, 0, chunk.length);
            }
            int nextLength = chunkLength == chunk.length ? plaintext.readNBytes(next, 0, next.length) : 0;
            if (nextLength == 0) {
                sealedLast = true;
                byte[] sealed = header.seal(fileKey, index, true, chunk, chunkLength);
                Bytes.wipe(chunk);
                fileKey.close();
                return sealed;
            }
            byte[] sealed = header.seal(fileKey, index++, false, chunk, chunkLength);
            byte[] swap = chunk;
            chunk = next;
            next = swap;
            chunkLength = nextLength;
            return sealed;
        }

        @Override
        public void close() throws IOException {
            Bytes.wipe(chunk);
            Bytes.wipe(next);
            fileKey.close();
            plaintext.close();
        }
    }

    private static final class DecryptingInputStream extends ChunkedInputStream {
        private final InputStream in;
        private final Header header;
        private final SecretBytes fileKey;
        private final byte[] current;
        private final byte[] next;
        private int currentLength;
        private int nextLength;
        private long index;
        private byte[] plain = new byte[0];
        private boolean finished;

        DecryptingInputStream(InputStream in, SecretBytes masterKey, byte[] associatedData) throws IOException {
            this.in = in;
            this.header = Header.read(in.readNBytes(HEADER_BYTES));
            this.fileKey = header.fileKey(masterKey, associatedData);
            this.current = new byte[header.chunkBytes + TAG_BYTES];
            this.next = new byte[header.chunkBytes + TAG_BYTES];
            this.nextLength = in.readNBytes(next, 0, next.length);
        }

        /** Opens the next chunk; it is the last one when nothing follows it (one chunk of look-ahead). */
        @Override
        byte[] nextChunk() throws IOException {
            if (finished) {
                return null;
            }
            System.arraycopy(next, 0, current, 0, nextLength);
            currentLength = nextLength;
            nextLength = currentLength == current.length ? in.readNBytes(next, 0, next.length) : 0;
            boolean last = nextLength == 0;
            Bytes.wipe(plain);
            plain = header.open(fileKey, index++, last, current, currentLength);
            finished = last;
            return plain;
        }

        @Override
        public void close() throws IOException {
            Bytes.wipe(plain);
            fileKey.close();
            in.close();
        }
    }
}
