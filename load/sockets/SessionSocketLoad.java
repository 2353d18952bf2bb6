import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SecureSession under many sockets: N users, sessions of two, one socket per participant per session
 * through the gateway, every session's first participant sending over its socket at a fixed total
 * rate. Prints messages/s delivered to the other participants and the send->receive latency
 * (p50/p99/max), measured in this JVM (each ciphertext carries its send time). JDK only:
 *   java load/sockets/SessionSocketLoad.java [sockets] [messages/s] [seconds] [gateway] [auth] [messaging]
 * Sign-ups go to auth-service and sessions are made at messaging-service directly (the gateway's
 * per-address credential limits would throttle one load generator); the sockets go through the gateway.
 */
public class SessionSocketLoad {
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern USER = Pattern.compile("\"user_id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([a-z]+)\"");
    private static final Pattern CIPHERTEXT = Pattern.compile("\"ciphertext\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern SENDER = Pattern.compile("\"sender_id\"\\s*:\\s*\"([^\"]+)\"");

    record User(String token, String id) {
    }

    public static void main(String[] args) throws Exception {
        int sockets = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        String gateway = args.length > 3 ? args[3] : "http://127.0.0.1:8080";
        String auth = args.length > 4 ? args[4] : "http://127.0.0.1:8081";
        String messaging = args.length > 5 ? args[5] : "http://127.0.0.1:8083";
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        int sessions = sockets / 2;
        int userCount = Math.max(2, Math.min(sessions, (sessions * 2 + 39) / 40)); // each user in at most ~40 live sessions
        List<User> users = new ArrayList<>();
        for (int i = 0; i < userCount; i++) {
            // One address per user, as the gateway (a trusted proxy at 127.0.0.1) would forward: sign-ups are limited per address.
            String body = post(http, auth + "/api/register", null, "{\"email\":\"load-" + UUID.randomUUID()
                    + "@example.org\",\"password\":\"a long load test pass phrase\"}", "10.77." + (i / 250) + "." + (i % 250 + 1));
            users.add(new User(find(TOKEN, body), find(USER, body)));
        }
        System.out.printf("%d users signed up; making %d sessions%n", users.size(), sessions);
        List<User[]> pairs = new ArrayList<>();
        List<String> sessionIds = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            User first = users.get(i % users.size());
            User second = users.get((i + 1 + i / users.size()) % users.size());
            if (second == first) {
                second = users.get((i + 1) % users.size());
            }
            String body = post(http, messaging + "/api/sessions", first.token(), "{\"participants\":[\"" + second.id() + "\"]}", null);
            sessionIds.add(find(ID, body));
            pairs.add(new User[] {first, second});
        }

        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong received = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        List<WebSocket> senders = new ArrayList<>();
        List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        String wsBase = gateway.replaceFirst("^http", "ws");
        for (int i = 0; i < sessions; i++) {
            for (int side = 0; side < 2; side++) {
                User user = pairs.get(i)[side];
                CompletableFuture<Void> isReady = new CompletableFuture<>();
                ready.add(isReady);
                boolean receiver = side == 1;
                int client = i * 2 + side;
                // A thousand clients come from a thousand addresses: the gateway (trusting 127.0.0.1 as a proxy) limits per address.
                opening.add(http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                        .header("X-Forwarded-For", "10.78." + (client / 250) + "." + (client % 250 + 1))
                        .buildAsync(URI.create(wsBase + "/ws/sessions/" + sessionIds.get(i)),
                                listener(user, receiver, isReady, latencies, received, refused))
                        .thenApply(socket -> {
                            socket.sendText("{\"type\":\"auth\",\"access_token\":\"" + user.token() + "\"}", true);
                            return socket;
                        }));
            }
            if (i % 100 == 99) {
                CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).join();
            }
        }
        CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        for (int i = 0; i < opening.size(); i += 2) {
            senders.add(opening.get(i).join());
        }
        System.out.printf("%d sockets open and authenticated through %s%n", opening.size(), gateway);

        // Warm-up at the same rate, then the measured run.
        runAt(senders, rate, 15);
        latencies.clear();
        received.set(0);
        long start = System.nanoTime();
        long sent = runAt(senders, rate, seconds);
        Thread.sleep(2000); // the last messages' way back
        double elapsed = (System.nanoTime() - start) / 1e9 - 2;
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("sockets %d, offered %d msg/s for %d s: sent %d, delivered %d (%.0f/s), refused %d; "
                        + "send->receive ms p50 %.1f, p99 %.1f, max %.1f%n",
                opening.size(), rate, seconds, sent, received.get(), received.get() / elapsed, refused.get(),
                percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
        opening.forEach(socket -> socket.join().abort());
        System.exit(0);
    }

    /** Sends {@code rate} messages a second, spread over the sending sockets in turn; answers how many went. */
    private static long runAt(List<WebSocket> senders, int rate, int seconds) throws InterruptedException {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        AtomicLong sent = new AtomicLong();
        long periodMicros = 1_000_000L / rate;
        int[] next = {0};
        ticker.scheduleAtFixedRate(() -> {
            WebSocket socket = senders.get(next[0]++ % senders.size());
            ByteBuffer payload = ByteBuffer.allocate(64).putLong(System.nanoTime());
            String ciphertext = Base64.getEncoder().encodeToString(payload.array());
            String nonce = Base64.getEncoder().encodeToString(new byte[24]);
            socket.sendText("{\"type\":\"message\",\"algorithm\":\"xchacha20-poly1305\",\"nonce\":\"" + nonce
                    + "\",\"ciphertext\":\"" + ciphertext + "\"}", true);
            sent.incrementAndGet();
        }, 0, periodMicros, TimeUnit.MICROSECONDS);
        Thread.sleep(seconds * 1000L);
        ticker.shutdownNow();
        return sent.get();
    }

    private static WebSocket.Listener listener(User user, boolean receiver, CompletableFuture<Void> ready,
                                               ConcurrentLinkedQueue<Long> latencies, AtomicLong received, AtomicLong refused) {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String frame = partial.toString();
                    partial.setLength(0);
                    String type = find(TYPE, frame);
                    if ("ready".equals(type)) {
                        ready.complete(null);
                    } else if ("error".equals(type)) {
                        refused.incrementAndGet();
                    } else if (receiver && "message".equals(type) && !user.id().equals(find(SENDER, frame))) {
                        long sentAt = ByteBuffer.wrap(Base64.getDecoder().decode(find(CIPHERTEXT, frame))).getLong();
                        latencies.add(System.nanoTime() - sentAt);
                        received.incrementAndGet();
                    }
                }
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
                if (!ready.isDone()) {
                    ready.completeExceptionally(new IllegalStateException("closed " + code + " " + reason));
                }
                return null;
            }
        };
    }

    private static String post(HttpClient http, String url, String token, String json, String forwardedFor) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }
}
