package io.panzoto.crypto.bench;

import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.crypto.envelope.DataKeyTicket;
import io.panzoto.crypto.envelope.RecordSealer;
import io.panzoto.crypto.index.BlindIndex;
import io.panzoto.crypto.sodium.X25519;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
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
 * What a uce diary request costs in crypto: opening its data-key ticket, sealing and opening a 4 KiB
 * entry (the seed asked < 50 ms), and blind-indexing a term. {@code common-crypto/bench/run DiaryEntryBenchmark}
 */
@State(Scope.Benchmark)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DiaryEntryBenchmark {
    private final SecretBytes dataKey = SecretBytes.copyOf(SecureRandoms.bytes(32));
    private final byte[] entry = SecureRandoms.bytes(4096);
    private final String user = UUID.randomUUID().toString();
    private final String record = UUID.randomUUID().toString();
    private final UUID userId = UUID.randomUUID();
    private final UUID sessionId = UUID.randomUUID();
    private SecretBytes serviceSecret;
    private byte[] servicePublic;
    private byte[] sealed;
    private byte[] ticket;
    private BlindIndex index;

    @Setup
    public void prepare() {
        serviceSecret = SecretBytes.copyOf(SecureRandoms.bytes(32));
        servicePublic = X25519.publicKey(serviceSecret);
        sealed = RecordSealer.seal(dataKey, user, record, 3, entry);
        ticket = DataKeyTicket.seal(dataKey, userId, sessionId, Instant.now(), Instant.now().plus(Duration.ofDays(30)), servicePublic);
        index = BlindIndex.of(dataKey, "terms");
    }

    @Benchmark
    public byte[] seal4KiB() {
        return RecordSealer.seal(dataKey, user, record, 3, entry);
    }

    @Benchmark
    public byte[] open4KiB() {
        return RecordSealer.open(dataKey, user, record, 3, sealed);
    }

    @Benchmark
    public int openTicket() {
        try (DataKeyTicket.Opened opened = DataKeyTicket.open(ticket, userId, sessionId, Instant.now(), servicePublic, serviceSecret)) {
            return opened.dataKey().length();
        }
    }

    @Benchmark
    public String blindIndexToken() {
        return index.token("walk");
    }
}
