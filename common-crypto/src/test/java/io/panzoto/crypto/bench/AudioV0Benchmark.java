package io.panzoto.crypto.bench;

import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.crypto.VerifiedPlaintext;
import io.panzoto.crypto.audio.AndroidAudioV0;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Android v0 decryption of a whole file from disk to a verified temp file, in a JVM capped at a
 * 64 MiB heap: if decryption needed memory in proportion to the file, the 1 GiB run would fail.
 * Throughput in MB/s = size in MB / the reported seconds per operation. Peak heap is printed at the end.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 6)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx64m", "-Xms64m"})
public class AudioV0Benchmark {
    @Param({"100", "1024"})
    public int sizeMiB;

    /** Where the encrypted file and the plaintext temp file live: a disk path, or /dev/shm to leave the disk out. */
    @Param({"/tmp"})
    public String directoryRoot;

    private Path directory;
    private Path encrypted;
    private SecretBytes key;

    @Setup(Level.Trial)
    public void writeEncryptedFile() throws IOException {
        directory = Files.createTempDirectory(Path.of(directoryRoot), "pz-bench-v0");
        encrypted = directory.resolve("audio.v0");
        key = SecretBytes.copyOf(SecureRandoms.bytes(32));
        byte[] block = SecureRandoms.bytes(1 << 20);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(encrypted), 1 << 20)) {
            AndroidAudioV0.encrypt(new RepeatingStream(block, (long) sizeMiB << 20), out, key);
        }
    }

    @Benchmark
    public long decryptToVerifiedTempFile() throws IOException {
        try (InputStream in = Files.newInputStream(encrypted);
             VerifiedPlaintext plain = AndroidAudioV0.decryptToTempFile(in, key, directory)) {
            return plain.size();
        }
    }

    @TearDown(Level.Trial)
    public void report() throws IOException {
        HeapReport.print("v0 decrypt " + sizeMiB + " MiB in " + directoryRoot);
        Files.deleteIfExists(encrypted);
        Files.deleteIfExists(directory);
        key.close();
    }

    /** A long stream made of one block repeated, so setup needs no large array. */
    static final class RepeatingStream extends InputStream {
        private final byte[] block;
        private long remaining;
        private int position;

        RepeatingStream(byte[] block, long length) {
            this.block = block;
            this.remaining = length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(Math.min(length, block.length - position), remaining);
            System.arraycopy(block, position, buffer, offset, n);
            position = (position + n) % block.length;
            remaining -= n;
            return n;
        }
    }
}
