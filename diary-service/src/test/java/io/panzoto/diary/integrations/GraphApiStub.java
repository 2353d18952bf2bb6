package io.panzoto.diary.integrations;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.ContentHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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

    private final HttpServer server;
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

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String path = exchange.getRequestURI().getPath();
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
