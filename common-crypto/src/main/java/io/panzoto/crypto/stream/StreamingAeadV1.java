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

    private static final class DecryptingInputStream extends InputStream {
        private final InputStream in;
        private final Header header;
        private final SecretBytes fileKey;
        private final byte[] current;
        private final byte[] next;
        private int currentLength;
        private int nextLength;
        private long index;
        private byte[] plain = new byte[0];
        private int position;
        private boolean finished;

        DecryptingInputStream(InputStream in, SecretBytes masterKey, byte[] associatedData) throws IOException {
            this.in = in;
            this.header = Header.read(in.readNBytes(HEADER_BYTES));
            this.fileKey = header.fileKey(masterKey, associatedData);
            this.current = new byte[header.chunkBytes + TAG_BYTES];
            this.next = new byte[header.chunkBytes + TAG_BYTES];
            this.nextLength = in.readNBytes(next, 0, next.length);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n == -1 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            while (position == plain.length) {
                if (finished) {
                    return -1;
                }
                advance();
            }
            int n = Math.min(length, plain.length - position);
            System.arraycopy(plain, position, buffer, offset, n);
            position += n;
            return n;
        }

        /** Opens the next chunk; it is the last one when nothing follows it (one chunk of look-ahead). */
        private void advance() throws IOException {
            System.arraycopy(next, 0, current, 0, nextLength);
            currentLength = nextLength;
            nextLength = currentLength == current.length ? in.readNBytes(next, 0, next.length) : 0;
            boolean last = nextLength == 0;
            Bytes.wipe(plain);
            plain = header.open(fileKey, index++, last, current, currentLength);
            position = 0;
            finished = last;
        }

        @Override
        public void close() throws IOException {
            Bytes.wipe(plain);
            fileKey.close();
            in.close();
        }
    }
}
