package io.panzoto.crypto.bench;

import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.crypto.kdf.Pbkdf2;
import io.panzoto.crypto.password.Argon2Parameters;
import io.panzoto.crypto.password.PasswordHasher;
import io.panzoto.crypto.sodium.Ed25519;
import io.panzoto.crypto.sodium.SealedBox;
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
 * The per-request primitives: Argon2id at the default parameters and PBKDF2 at Android's 100,000
 * iterations (ms per operation), and sealed boxes and signature checks on a 1 KiB message.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PrimitivesBenchmark {
    private final PasswordHasher hasher = new PasswordHasher(Argon2Parameters.OWASP_MINIMUM);
    private final byte[] salt = SecureRandoms.bytes(32);
    private final byte[] message = SecureRandoms.bytes(1024);
    private Ed25519.KeyPair recipient;
    private byte[] recipientX25519;
    private SecretBytes recipientX25519Secret;
    private byte[] box;
    private byte[] signature;
    private String passwordHash;

    @Setup
    public void prepare() {
        recipient = Ed25519.generate();
        recipientX25519 = Ed25519.toX25519PublicKey(recipient.publicKey());
        recipientX25519Secret = Ed25519.toX25519SecretKey(recipient.secretKey());
        box = SealedBox.seal(message, recipientX25519);
        signature = Ed25519.sign(message, recipient.secretKey());
        passwordHash = hasher.hash("correct horse battery staple");
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public String argon2idHash() {
        return hasher.hash("correct horse battery staple");
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public boolean argon2idVerify() {
        return hasher.verify(passwordHash, "correct horse battery staple");
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int pbkdf2Android100k() {
        try (SecretBytes key = Pbkdf2.deriveAndroidKey("android pass phrase", salt)) {
            return key.bytes()[0];
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public byte[] sealedBoxSeal() {
        return SealedBox.seal(message, recipientX25519);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public byte[] sealedBoxOpen() {
        return SealedBox.open(box, recipientX25519, recipientX25519Secret);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public boolean ed25519Verify() {
        return Ed25519.verify(signature, message, recipient.publicKey());
    }
}
