package io.panzoto.audio.auth;

import io.panzoto.audio.config.AudioConfig;
import io.panzoto.crypto.Bytes;
import io.panzoto.platform.errors.ApiException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Asks auth-service whether a password is the caller's ({@code POST /api/v1/auth/verify-password}
 * with the caller's own token), so this service holds no password data. auth-service counts wrong
 * passwords towards the account's lockout, as it does for logins.
 */
@ApplicationScoped
public class PasswordCheck {
    private static final Logger LOG = Logger.getLogger(PasswordCheck.class);

    private final WebClient client;
    private final URI authUrl;
    private final Duration timeout;

    public PasswordCheck(Vertx vertx, AudioConfig config) {
        this.authUrl = URI.create(config.authUrl());
        this.timeout = config.authTimeout();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) timeout.toMillis())
                .setSsl("https".equals(authUrl.getScheme())));
    }

    /**
     * The account's key salt if the password is right (null if auth-service did not send it); fails
     * with the 401, 429 or 503 the caller should see.
     */
    public Uni<byte[]> verify(String bearer, String password) {
        int port = authUrl.getPort() != -1 ? authUrl.getPort() : "https".equals(authUrl.getScheme()) ? 443 : 80;
        return client.post(port, authUrl.getHost(), authUrl.getPath().replaceAll("/$", "") + "/api/v1/auth/verify-password")
                .putHeader("Authorization", bearer)
                .timeout(timeout.toMillis())
                .sendJsonObject(new JsonObject().put("password", password))
                .onFailure().transform(e -> {
                    LOG.warnf("auth-service unreachable for a password check: %s", e.getClass().getSimpleName());
                    return unavailable();
                })
                .map(response -> {
                    switch (response.statusCode()) {
                        case 200, 204 -> {
                            return keySalt(response);
                        }
                        case 401 -> throw ApiException.unauthorized("invalid_credentials", "the password is wrong");
                        case 429 -> {
                            String after = response.getHeader("Retry-After");
                            throw ApiException.tooManyRequests("account_locked", "too many wrong passwords; try again later",
                                    Duration.ofSeconds(after == null ? 60 : parseSeconds(after)));
                        }
                        case 400 -> throw ApiException.badRequest("missing_fields", "password is required");
                        default -> {
                            LOG.warnf("auth-service answered %d to a password check", response.statusCode());
                            throw unavailable();
                        }
                    }
                });
    }

    /** The key salt of a 200 answer; null for an older auth-service's 204 or an unreadable body. */
    private static byte[] keySalt(HttpResponse<?> response) {
        try {
            String hex = response.statusCode() == 200 ? response.bodyAsJsonObject().getString("key_salt") : null;
            return hex == null ? null : Bytes.fromHex(hex);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static long parseSeconds(String value) {
        try {
            return Math.max(1, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return 60;
        }
    }

    private static ApiException unavailable() {
        return new ApiException(503, "auth_unavailable", "the password cannot be checked right now; try again shortly");
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
