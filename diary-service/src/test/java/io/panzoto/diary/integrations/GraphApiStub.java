package io.panzoto.diary.integrations;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.ContentHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Facebook's Graph API as the integration uses it, served over real HTTP by the JDK's server (no
 * network here, and Facebook is a third party): the code exchange checks the client, the redirect URI
 * and the PKCE verifier against the challenge the "user" authorized; tokens, profile and revocation
 * answer Graph's JSON, and Graph's error body for a bad request.
 */
public final class GraphApiStub {
    public static final String APP_ID = "stub-app-id";
    public static final String APP_SECRET = "stub-app-secret";
    /** A code whose exchange Graph answers 500 (Graph failing, not refusing). */
    public static final String FAILING_CODE = "graph-fails-on-this-code";
    public static final String REDIRECT = "http://localhost:8080/api/v1/diary/integrations/facebook/callback";

    private static GraphApiStub running;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter GRAPH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ").withZone(ZoneOffset.UTC);
    /** The failures Graph answers when it fails or throttles: HTTP status and Graph error code. */
    private static final int[][] FAILURES = {{500, 1}, {400, 4}, {400, 17}, {400, 613}, {403, 32}, {503, 2}};

    private final HttpServer server;
    /** Each stub user's posts, newest first, as Graph pages them. */
    private final Map<String, List<StubPost>> postsOfUser = new ConcurrentHashMap<>();
    /** Failures to answer before the next successful posts page, per user. */
    private final Map<String, java.util.Deque<int[]>> failuresOfUser = new ConcurrentHashMap<>();
    /** A share of posts calls that fail at random (the benchmark's flaky Graph), per user. */
    private final Map<String, Double> failureRateOfUser = new ConcurrentHashMap<>();
    private final Map<String, String> appUsageOfUser = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> postsCallsOfUser = new ConcurrentHashMap<>();
    private final java.util.Random random = new java.util.Random(19);
    /** Every post made to a Page feed: page id and message. */
    public final List<String[]> feed = new CopyOnWriteArrayList<>();
    private final Map<String, String> challengeOfCode = new ConcurrentHashMap<>();
    private final Map<String, String> userOfToken = new ConcurrentHashMap<>();
    public final List<String> revoked = new CopyOnWriteArrayList<>();

    private GraphApiStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public static synchronized GraphApiStub start() {
        if (running == null) {
            try {
                running = new GraphApiStub();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> running.server.stop(0)));
        }
        return running;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The user approves the dialog for this code challenge: Facebook would redirect with this code. */
    public String authorize(String codeChallenge) {
        String code = "code-" + UUID.randomUUID();
        challengeOfCode.put(code, codeChallenge);
        return code;
    }

    /** A post as Graph holds it. */
    public record StubPost(String id, String message, Instant createdTime) {
    }

    /** The user's posts, replacing any before (newest first, as Graph answers them). */
    public void setPosts(String facebookUser, List<StubPost> posts) {
        List<StubPost> sorted = new ArrayList<>(posts);
        sorted.sort(Comparator.comparing(StubPost::createdTime).reversed());
        postsOfUser.put(facebookUser, new CopyOnWriteArrayList<>(sorted));
    }

    public void addPost(String facebookUser, StubPost post) {
        List<StubPost> posts = new ArrayList<>(postsOfUser.getOrDefault(facebookUser, List.of()));
        posts.add(post);
        setPosts(facebookUser, posts);
    }

    /** The next {@code count} posts calls of the user fail, cycling through 5xx and every throttling code. */
    public void failNext(String facebookUser, int count) {
        java.util.Deque<int[]> queue = failuresOfUser.computeIfAbsent(facebookUser, user -> new java.util.concurrent.ConcurrentLinkedDeque<>());
        for (int i = 0; i < count; i++) {
            queue.add(FAILURES[i % FAILURES.length]);
        }
    }

    public void failAtRandom(String facebookUser, double share) {
        failureRateOfUser.put(facebookUser, share);
    }

    /** Answers the user's posts pages with this X-App-Usage header. */
    public void appUsage(String facebookUser, String header) {
        appUsageOfUser.put(facebookUser, header);
    }

    /** When each posts call of the user arrived (ms since the epoch), failed ones too. */
    public List<Long> postsCalls(String facebookUser) {
        return postsCallsOfUser.getOrDefault(facebookUser, List.of());
    }

    /** The Page a stub user manages: its id. */
    public static String pageOf(String facebookUser) {
        return "77" + facebookUser;
    }

    /** Forgets the user's tokens: Graph answers them as invalid (code 190) from now on. */
    public void invalidateTokensOf(String facebookUser) {
        userOfToken.values().removeIf(facebookUser::equals);
    }

    private void posts(HttpExchange exchange, String user, Map<String, String> query) throws IOException {
        postsCallsOfUser.computeIfAbsent(user, u -> new CopyOnWriteArrayList<>()).add(System.currentTimeMillis());
        int[] failure = failuresOfUser.getOrDefault(user, new java.util.ArrayDeque<>()).poll();
        double rate = failureRateOfUser.getOrDefault(user, 0.0);
        if (failure == null && rate > 0) {
            synchronized (random) {
                if (random.nextDouble() < rate) {
                    failure = FAILURES[random.nextInt(FAILURES.length)];
                }
            }
        }
        if (failure != null) {
            graphError(exchange, failure[0], failure[1], failure[1] == 1 || failure[1] == 2 ? "An unexpected error has occurred." : "Application request limit reached");
            return;
        }
        long since = query.containsKey("since") ? Long.parseLong(query.get("since")) : Long.MIN_VALUE;
        List<StubPost> matching = postsOfUser.getOrDefault(user, List.of()).stream()
                .filter(post -> post.createdTime().getEpochSecond() >= since).toList();
        int limit = Integer.parseInt(query.getOrDefault("limit", "25"));
        int from = query.containsKey("after") ? Integer.parseInt(new String(java.util.Base64.getUrlDecoder().decode(query.get("after")), StandardCharsets.US_ASCII)) : 0;
        int to = Math.min(matching.size(), from + limit);
        ObjectNode page = JSON.createObjectNode();
        ArrayNode data = page.putArray("data");
        for (StubPost post : matching.subList(Math.min(from, to), to)) {
            ObjectNode item = data.addObject().put("id", post.id()).put("created_time", GRAPH_TIME.format(post.createdTime()))
                    .put("permalink_url", "https://www.facebook.com/" + post.id());
            if (post.message() != null) {
                item.put("message", post.message());
            }
        }
        ObjectNode paging = page.putObject("paging");
        paging.putObject("cursors").put("before", cursor(from)).put("after", cursor(to));
        if (to < matching.size()) {
            paging.put("next", url() + "/me/posts?after=" + cursor(to));
        }
        String usage = appUsageOfUser.get(user);
        if (usage != null) {
            exchange.getResponseHeaders().add("X-App-Usage", usage);
        }
        json(exchange, 200, JSON.writeValueAsString(page));
    }

    private static String cursor(int index) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(Integer.toString(index).getBytes(StandardCharsets.US_ASCII));
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String path = exchange.getRequestURI().getPath();
        if (path.endsWith("/feed") && "POST".equals(exchange.getRequestMethod())) {
            Map<String, String> form = query(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String pageId = path.substring(1, path.length() - "/feed".length());
            String owner = pageId.startsWith("77") ? pageId.substring(2) : null;
            if (owner == null || !("page-" + owner).equals(form.get("access_token")) || form.get("message") == null) {
                graphError(exchange, 400, 200, "Permissions error");
                return;
            }
            feed.add(new String[] {pageId, form.get("message")});
            json(exchange, 200, "{\"id\":\"" + pageId + "_" + feed.size() + "\"}");
            return;
        }
        if (path.equals("/me/posts") || path.equals("/me/accounts")) {
            String user = userOfToken.get(query.get("access_token"));
            if (user == null) {
                error(exchange, 401, "Error validating access token.");
            } else if (path.equals("/me/posts")) {
                posts(exchange, user, query);
            } else {
                json(exchange, 200, "{\"data\":[{\"id\":\"" + pageOf(user) + "\",\"name\":\"Stub Page\",\"access_token\":\"page-" + user
                        + "\",\"category\":\"Personal blog\"}]}");
            }
            return;
        }
        if (path.equals("/oauth/access_token") && "fb_exchange_token".equals(query.get("grant_type"))) {
            if (!clientOk(query) || !userOfToken.containsKey(query.get("fb_exchange_token"))) {
                error(exchange, 400, "Invalid OAuth access token.");
                return;
            }
            String longLived = "long-" + UUID.randomUUID();
            userOfToken.put(longLived, userOfToken.get(query.get("fb_exchange_token")));
            json(exchange, 200, "{\"access_token\":\"" + longLived + "\",\"token_type\":\"bearer\",\"expires_in\":5184000}");
        } else if (path.equals("/oauth/access_token") && FAILING_CODE.equals(query.get("code"))) {
            error(exchange, 500, "An unexpected error has occurred. Please retry your request later.");
        } else if (path.equals("/oauth/access_token")) {
            String challenge = challengeOfCode.remove(String.valueOf(query.get("code")));
            String verifier = query.get("code_verifier");
            boolean pkce = challenge != null && verifier != null
                    && challenge.equals(Bytes.base64Url(ContentHash.sha256(verifier.getBytes(StandardCharsets.US_ASCII))));
            if (!clientOk(query) || !REDIRECT.equals(query.get("redirect_uri")) || !pkce) {
                error(exchange, 400, "Invalid verification code format.");
                return;
            }
            String token = "short-" + UUID.randomUUID();
            userOfToken.put(token, "10" + Math.abs(challenge.hashCode()));
            json(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"expires_in\":3600}");
        } else if (path.equals("/me") && "GET".equals(exchange.getRequestMethod())) {
            String user = userOfToken.get(query.get("access_token"));
            if (user == null) {
                error(exchange, 401, "Error validating access token.");
                return;
            }
            json(exchange, 200, "{\"id\":\"" + user + "\",\"name\":\"Stub User " + user + "\"}");
        } else if (path.equals("/me/permissions") && "DELETE".equals(exchange.getRequestMethod())) {
            String token = query.get("access_token");
            if (userOfToken.remove(token) == null) {
                error(exchange, 401, "Error validating access token.");
                return;
            }
            revoked.add(token);
            json(exchange, 200, "{\"success\":true}");
        } else {
            error(exchange, 404, "Unknown path components: " + path);
        }
    }

    private static boolean clientOk(Map<String, String> query) {
        return APP_ID.equals(query.get("client_id")) && APP_SECRET.equals(query.get("client_secret"));
    }

    private static void graphError(HttpExchange exchange, int status, int code, String message) throws IOException {
        json(exchange, status, "{\"error\":{\"message\":\"" + message + "\",\"type\":\"OAuthException\",\"code\":" + code
                + ",\"is_transient\":" + (status >= 500) + ",\"fbtrace_id\":\"stub\"}}");
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        json(exchange, status, "{\"error\":{\"message\":\"" + message + "\",\"type\":\"OAuthException\",\"code\":" + (status == 401 ? 190 : 100)
                + ",\"fbtrace_id\":\"stub\"}}");
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }
}
