import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * gateway/load/abuse-soak: CONCURRENCY connections (default 200) of abusive clients against the gateway
 * for SECONDS (default 60): chunked bodies on every method, oversized headers, slowloris uploads, huge
 * declared bodies. Meanwhile and after, a well-behaved client asks for a normal page; the gateway's heap
 * is read from its metrics. Bounded in count and time; loopback only.
 *   java AbuseSoak.java <gateway base URL> <management base URL> [seconds] [concurrency]
 */
public class AbuseSoak {
    private static final String[] METHODS = {"GET", "DELETE", "POST", "PUT", "PATCH", "OPTIONS"};
    private static final String[] PATHS = {"/send", "/api/v1/me", "/api/login", "/api/v1/audio-files/upload", "/register",
            "/api/v1/diary/entries"};

    public static void main(String[] args) throws Exception {
        URI gateway = URI.create(args[0]);
        String management = args[1];
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        AtomicLong attacks = new AtomicLong();
        AtomicLong abusiveBytes = new AtomicLong();
        ExecutorService attackers = Executors.newFixedThreadPool(concurrency);
        for (int i = 0; i < concurrency; i++) {
            int kind = i % 4;
            attackers.execute(() -> {
                while (System.nanoTime() < end) {
                    try {
                        abusiveBytes.addAndGet(attack(gateway, kind, end));
                    } catch (Exception ignored) {
                        // a reset or a timeout is the gateway defending itself
                    }
                    attacks.incrementAndGet();
                }
            });
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest normal = HttpRequest.newBuilder(gateway.resolve("/.well-known/jwks.json")).timeout(Duration.ofSeconds(10)).build();
        List<Long> during = new ArrayList<>();
        int duringFailures = 0;
        long peakHeap = 0;
        while (System.nanoTime() < end) {
            long start = System.nanoTime();
            try {
                int status = client.send(normal, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    during.add((System.nanoTime() - start) / 1_000_000);
                } else {
                    duringFailures++;
                }
            } catch (Exception e) {
                duringFailures++;
            }
            peakHeap = Math.max(peakHeap, heapUsed(client, management));
            Thread.sleep(250);
        }
        attackers.shutdownNow();
        attackers.awaitTermination(30, TimeUnit.SECONDS);
        Thread.sleep(3000); // lingering closes end
        int afterOk = 0;
        List<Long> after = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            long start = System.nanoTime();
            if (client.send(normal, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                afterOk++;
                after.add((System.nanoTime() - start) / 1_000_000);
            }
        }
        long heapAfter = heapUsed(client, management);
        long heapMax = heapMax(client, management);
        System.out.printf("abuse: %d connections for %d s, %d abusive requests, %.1f MiB of abusive bodies sent%n", concurrency, seconds,
                attacks.get(), abusiveBytes.get() / 1048576.0);
        System.out.printf("normal requests during the abuse: %d ok (p50 %d ms, max %d ms), %d failed%n", during.size(),
                percentile(during, 50), percentile(during, 100), duringFailures);
        System.out.printf("normal requests after: %d of 50 ok (p50 %d ms)%n", afterOk, percentile(after, 50));
        System.out.printf("gateway heap: peak %.0f MiB during, %.0f MiB after, limit %.0f MiB%n", peakHeap / 1048576.0,
                heapAfter / 1048576.0, heapMax / 1048576.0);
        boolean healthy = afterOk == 50 && heapMax > 0 && peakHeap < heapMax;
        System.out.println(healthy ? "1 passed, 0 failed" : "0 passed, 1 failed");
        System.exit(healthy ? 0 : 1);
    }

    /** One abusive request; answers how many body bytes it sent. */
    private static long attack(URI gateway, int kind, long end) throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String method = METHODS[random.nextInt(METHODS.length)];
        String path = PATHS[random.nextInt(PATHS.length)];
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(gateway.getHost(), gateway.getPort()), 5000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            String head = method + " " + path + " HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer not.a.jwt\r\n";
            long sent = 0;
            switch (kind) {
                case 0 -> { // chunked body of up to 64 MiB on any method
                    out.write((head + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    byte[] piece = new byte[64 * 1024];
                    for (int i = 0; i < 1024 && System.nanoTime() < end; i++) {
                        out.write((Integer.toHexString(piece.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(piece);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        sent += piece.length;
                    }
                }
                case 1 -> { // oversized headers
                    String big = "X-Filler: " + "a".repeat(random.nextInt(8_000, 200_000)) + "\r\n";
                    out.write((head + big + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                case 2 -> { // slowloris: a large declared body trickled a byte at a time
                    out.write((head + "Content-Type: application/octet-stream\r\nContent-Length: 1073741824\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < 20 && System.nanoTime() < end; i++) {
                        out.write('x');
                        out.flush();
                        sent++;
                        Thread.sleep(500);
                    }
                }
                default -> { // a declared body far over the route's limit, then the bytes anyway
                    out.write((head + "Content-Type: application/json\r\nContent-Length: 4294967296\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    byte[] piece = new byte[64 * 1024];
                    for (int i = 0; i < 256 && System.nanoTime() < end; i++) {
                        out.write(piece);
                        sent += piece.length;
                    }
                }
            }
            out.flush();
            InputStream in = socket.getInputStream();
            in.read(new byte[1024]);
            return sent;
        }
    }

    private static long heapUsed(HttpClient client, String management) {
        return metricSum(client, management, "jvm_memory_used_bytes\\{area=\"heap\"[^}]*\\} ([0-9.E+]+)");
    }

    private static long heapMax(HttpClient client, String management) {
        return metricSum(client, management, "jvm_memory_max_bytes\\{area=\"heap\"[^}]*\\} ([0-9.E+]+)");
    }

    private static long metricSum(HttpClient client, String management, String pattern) {
        try {
            String metrics = client.send(HttpRequest.newBuilder(URI.create(management + "/q/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher matcher = Pattern.compile(pattern).matcher(metrics);
            double sum = 0;
            while (matcher.find()) {
                double value = Double.parseDouble(matcher.group(1));
                if (value > 0) {
                    sum += value;
                }
            }
            return (long) sum;
        } catch (Exception e) {
            return 0;
        }
    }

    private static long percentile(List<Long> values, int percent) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }
}
