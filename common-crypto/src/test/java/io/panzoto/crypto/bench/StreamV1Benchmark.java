package io.panzoto.crypto.bench;

import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.crypto.stream.StreamingAeadV1;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Streaming v1 over 64 MiB in memory (no disk): ms per operation; MB/s = 67.1 / (ms / 1000). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StreamV1Benchmark {
    private static final int SIZE = 64 << 20;
    private final SecretBytes key = SecretBytes.copyOf(SecureRandoms.bytes(32));
    private byte[] plaintext;
    private byte[] ciphertext;

    @Setup
    public void prepare() throws IOException {
        plaintext = SecureRandoms.bytes(SIZE);
        ciphertext = encryptOnce();
    }

    @Benchmark
    public long encrypt() throws IOException {
        return encryptOnce().length;
    }

    @Benchmark
    public long decrypt() throws IOException {
        long total = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = StreamingAeadV1.decryptingStream(new ByteArrayInputStream(ciphertext), key, null)) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                total += n;
            }
        }
        return total;
    }

    private byte[] encryptOnce() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(SIZE + SIZE / 1000 + 64);
        try (OutputStream enc = StreamingAeadV1.encryptingStream(out, key, null, StreamingAeadV1.DEFAULT_CHUNK_BYTES)) {
            enc.write(plaintext);
        }
        return out.toByteArray();
    }
}
