package io.panzoto.diary.integrations;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.ContentHash;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.diary.config.DiaryConfig;
import io.panzoto.platform.errors.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Connecting a Facebook account: OAuth 2.0 authorization code with {@code state} (single use, kept as
 * its hash, bound to the user who started) and PKCE S256 (RFC 7636; the verifier kept sealed until the
 * callback), the code exchanged for a token and that for a long-lived one, then sealed at rest.
 * Disconnecting revokes the app's permissions at Facebook and deletes the token.
 */
@ApplicationScoped
public class FacebookConnection {
    static final String PROVIDER = "facebook";
    private static final Logger LOG = Logger.getLogger(FacebookConnection.class);

    private final FacebookGraph graph;
    private final IntegrationSecrets secrets;
    private final DiaryConfig.Facebook config;

    public FacebookConnection(@RestClient FacebookGraph graph, IntegrationSecrets secrets, DiaryConfig config) {
        this.graph = graph;
        this.secrets = secrets;
        this.config = config.facebook();
    }

    /** Where to send the user's browser: Facebook's dialog with this authorization's state and code challenge. */
    public record Authorization(@JsonProperty("authorize_url") String authorizeUrl, @JsonProperty("state") String state,
                                @JsonProperty("expires_at") Instant expiresAt) {
    }

    /** An account as its owner sees it: never its token. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Connected(@JsonProperty("provider") String provider, @JsonProperty("external_id") String externalId,
                            @JsonProperty("name") String name, @JsonProperty("connected_at") Instant connectedAt,
                            @JsonProperty("token_expires_at") Instant tokenExpiresAt) {
        static Connected of(IntegrationAccount account) {
            return new Connected(account.provider, account.externalId, account.displayName, account.connectedAt, account.tokenExpiresAt);
        }
    }

    Uni<Authorization> start(UUID userId) {
        String appId = appId();
        String state = Bytes.base64Url(SecureRandoms.bytes(32));
        String verifier = Bytes.base64Url(SecureRandoms.bytes(32));
        String challenge = Bytes.base64Url(ContentHash.sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
        OAuthState row = new OAuthState();
        row.stateHash = ContentHash.sha256Hex(state.getBytes(StandardCharsets.US_ASCII));
        row.userId = userId;
        row.provider = PROVIDER;
        row.verifierSealed = secrets.seal(userId, "oauth-verifier", verifier);
        row.expiresAt = Instant.now().plus(config.authorizationLife()).truncatedTo(ChronoUnit.MICROS);
        String url = config.authorizeUrl() + "?client_id=" + encode(appId) + "&redirect_uri=" + encode(config.redirectUri())
                + "&state=" + state + "&response_type=code&scope=" + encode(config.scopes())
                + "&code_challenge=" + challenge + "&code_challenge_method=S256";
        return Panache.withTransaction(() -> OAuthState.delete("expiresAt < ?1", Instant.now()).chain(row::persist))
                .replaceWith(new Authorization(url, state, row.expiresAt));
    }

    /**
     * Facebook's redirect back: the state must be one this service issued, unspent and unexpired (else
     * 400 {@code invalid_state}: a forged or replayed callback connects nothing); a denial is 400
     * {@code facebook_denied}; Graph failing is 502 {@code facebook_unavailable}.
     */
    Uni<Connected> complete(String state, String code, String error) {
        String secret = appSecret();
        if (state == null || state.isBlank() || state.length() > 200) {
            throw ApiException.badRequest("invalid_state", "the authorization's state is missing or unknown");
        }
        String hash = ContentHash.sha256Hex(state.getBytes(StandardCharsets.US_ASCII));
        // The state is spent whatever follows: a callback cannot be replayed.
        return Panache.withTransaction(() -> OAuthState.<OAuthState>findById(hash).call(found -> found == null ? Uni.createFrom().voidItem() : found.delete()))
                .chain(found -> {
                    if (found == null || found.expiresAt.isBefore(Instant.now()) || !PROVIDER.equals(found.provider)) {
                        throw ApiException.badRequest("invalid_state", "the authorization's state is missing or unknown");
                    }
                    if (error != null || code == null || code.isBlank()) {
                        throw ApiException.badRequest("facebook_denied", "Facebook did not authorize the connection");
                    }
                    String verifier = secrets.open(found.userId, "oauth-verifier", found.verifierSealed);
                    return graph.exchangeCode(appId(), secret, config.redirectUri(), code, verifier)
                            .chain(shortLived -> graph.longLived("fb_exchange_token", appId(), secret, shortLived.accessToken()))
                            .chain(token -> graph.me("id,name", token.accessToken()).map(profile -> new Exchanged(token, profile)))
                            .onFailure(failure -> !(failure instanceof ApiException)).transform(FacebookConnection::unavailable)
                            .chain(exchanged -> store(found.userId, exchanged));
                });
    }

    private record Exchanged(FacebookGraph.Token token, FacebookGraph.Profile profile) {
    }

    private Uni<Connected> store(UUID userId, Exchanged exchanged) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return Panache.withTransaction(() -> IntegrationAccount.<IntegrationAccount>find("userId = ?1 and provider = ?2", userId, PROVIDER)
                .firstResult().chain(existing -> {
                    IntegrationAccount account = existing != null ? existing : new IntegrationAccount();
                    if (existing == null) {
                        account.id = UUID.randomUUID();
                        account.userId = userId;
                        account.provider = PROVIDER;
                    }
                    account.externalId = exchanged.profile().id();
                    account.displayName = exchanged.profile().name();
                    account.tokenSealed = secrets.seal(userId, "facebook-token", exchanged.token().accessToken());
                    account.tokenExpiresAt = exchanged.token().expiresIn() == null ? null : now.plusSeconds(exchanged.token().expiresIn());
                    account.connectedAt = now;
                    return account.<IntegrationAccount>persist();
                })).map(Connected::of);
    }

    Uni<List<Connected>> list(UUID userId) {
        return Panache.withSession(() -> IntegrationAccount.<IntegrationAccount>list("userId", userId))
                .map(accounts -> accounts.stream().map(Connected::of).toList());
    }

    /** Revokes at Facebook (a failure there is logged: the token is deleted here regardless) and deletes it. */
    Uni<Void> disconnect(UUID userId) {
        return Panache.withSession(() -> IntegrationAccount.<IntegrationAccount>find("userId = ?1 and provider = ?2", userId, PROVIDER).firstResult())
                .chain(account -> {
                    if (account == null) {
                        throw ApiException.notFound("no Facebook account is connected");
                    }
                    String token = secrets.open(userId, "facebook-token", account.tokenSealed);
                    return graph.revoke(token).onFailure().recoverWithUni(e -> {
                        LOG.warnf("Facebook did not confirm the revocation (%s); the token is deleted here", e.getClass().getSimpleName());
                        return Uni.createFrom().voidItem();
                    }).chain(() -> Panache.withTransaction(() -> IntegrationAccount.delete("id", account.id))).replaceWithVoid();
                });
    }

    /** A deleted user's connections and authorizations go. */
    public Uni<Void> deleteAllOf(UUID userId) {
        return Panache.withTransaction(() -> IntegrationAccount.delete("userId", userId).chain(() -> OAuthState.delete("userId", userId)))
                .replaceWithVoid();
    }

    private String appId() {
        return config.appId().filter(id -> !id.isBlank()).orElseThrow(FacebookConnection::notConfigured);
    }

    private String appSecret() {
        return config.appSecret().filter(secret -> !secret.isBlank()).orElseThrow(FacebookConnection::notConfigured);
    }

    private static ApiException notConfigured() {
        return ApiException.conflict("facebook_unavailable", "this deployment has no Facebook app configured");
    }

    private static Throwable unavailable(Throwable failure) {
        // An HTTP answer from Graph, or no answer at all (refused, timed out): never a 500 of ours.
        int status = failure instanceof WebApplicationException web ? web.getResponse().getStatus() : 0;
        LOG.warnf("a Graph API call failed: HTTP %d (%s)", status, failure.getClass().getSimpleName());
        return status == 400 || status == 401
                ? ApiException.badRequest("facebook_refused", "Facebook refused the authorization code; connect again")
                : new ApiException(502, "facebook_unavailable", "Facebook could not be reached; try again");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
