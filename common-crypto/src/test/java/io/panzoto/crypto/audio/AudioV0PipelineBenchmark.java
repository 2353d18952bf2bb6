package io.panzoto.crypto.audio;

import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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

/**
 * The v0 decryption pipeline alone (AES-CTR plus the GCM re-encryption that checks the tag), from
 * memory to a discarding sink: what the CPU can do, with the file system left out. 100 MiB per
 * operation; MB/s = 104.9 / (ms / 1000). (AudioV0Benchmark measures the whole path through files.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
public class AudioV0PipelineBenchmark {
    private final SecretBytes key = SecretBytes.copyOf(SecureRandoms.bytes(32));
    private byte[] file;

    @Setup
    public void encrypt() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((100 << 20) + 64);
        AndroidAudioV0.encrypt(new ByteArrayInputStream(SecureRandoms.bytes(100 << 20)), out, key);
        file = out.toByteArray();
    }

    @Benchmark
    public void decryptAndVerify() throws IOException {
        AndroidAudioV0.decrypt(new ByteArrayInputStream(file), key, OutputStream.nullOutputStream());
    }
}
