package io.panzoto.messaging.simplex;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.CryptoException;
import io.panzoto.crypto.sodium.Ed25519;
import io.panzoto.crypto.token.Tokens;
import io.panzoto.messaging.config.MessagingConfig;
import io.panzoto.messaging.events.LinkRevoked;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Registers links and finds them by link token; rotates their tokens and deletes them. A link token is
 * looked up by its HMAC hash, so the table never holds a usable token. Run inside a transaction.
 */
@ApplicationScoped
public class Links {
    static final int MAX_DISPLAY_NAME = 100;

    private final Tokens tokens;
    private final Outbox outbox;
    private final String publicBaseUrl;

    public Links(Tokens tokens, MessagingConfig config, Outbox outbox) {
        this.tokens = tokens;
        this.outbox = outbox;
        this.publicBaseUrl = config.publicBaseUrl().replaceAll("/+$", "");
    }

    /** PyCrypt's answer to /register; the two tokens are shown once and never again. */
    public record Registered(@JsonProperty("message") String message, @JsonProperty("client_id") long clientId,
                             @JsonProperty("link") String link, @JsonProperty("link_token") String linkToken,
                             @JsonProperty("fetch_token") String fetchToken) {
        @Override
        public String toString() {
            return "Registered[client_id=" + clientId + ", tokens redacted]";
        }
    }

    /** What a sender needs to encrypt to the link's owner. */
    public record PublicView(@JsonProperty("client_id") long clientId, @JsonProperty("public_key") String publicKey,
                             @JsonProperty("x25519_public_key") String x25519PublicKey,
                             @JsonProperty("display_name") String displayName) {
    }

    public Uni<Registered> register(String publicKeyBase64, String displayName) {
        byte[] publicKey = decodeEd25519(publicKeyBase64);
        String name = displayName == null ? null : displayName.strip();
        if (name != null && name.length() > MAX_DISPLAY_NAME) {
            throw ApiException.badRequest("invalid_display_name", "display_name is longer than " + MAX_DISPLAY_NAME + " characters");
        }
        String linkToken = Tokens.generate();
        String fetchToken = Tokens.generate();
        SimplexLink link = new SimplexLink();
        link.linkTokenHash = tokens.storageHash(linkToken);
        link.fetchTokenHash = tokens.storageHash(fetchToken);
        link.publicKey = publicKey;
        link.displayName = name == null || name.isEmpty() ? null : name;
        link.createdAt = Instant.now();
        return link.<SimplexLink>persist().map(saved -> new Registered("Client registered successfully", saved.id,
                linkUrl(linkToken), linkToken, fetchToken));
    }

    /** The link a token opens; an unknown, rotated-away or malformed token is 404, as in PyCrypt. */
    public Uni<SimplexLink> find(String linkToken) {
        String hash;
        try {
            hash = storageHash(linkToken);
        } catch (ApiException e) {
            return Uni.createFrom().failure(e);
        }
        return SimplexLink.byLinkTokenHash(hash).onItem().ifNull().failWith(Links::unknownLink);
    }

    /** The stored hash a link token is found by; a missing token is 400, a malformed one 404. */
    public String storageHash(String linkToken) {
        if (linkToken == null || linkToken.isBlank()) {
            throw ApiException.badRequest("missing_fields", "link_token is required");
        }
        // A string that cannot be a token is answered as an unknown one, without hashing whatever was sent.
        String token = Tokens.canonical(linkToken).orElseThrow(Links::unknownLink);
        return tokens.storageHash(token);
    }

    static ApiException unknownLink() {
        return new ApiException(404, "invalid_link_token", "Invalid link_token");
    }

    public static PublicView publicView(SimplexLink link) {
        return new PublicView(link.id, Bytes.base64(link.publicKey), Bytes.base64(Ed25519.toX25519PublicKey(link.publicKey)),
                link.displayName);
    }

    /** Gives the link a new link token; the old one stops working at once. Answers the new token. */
    public String rotateLinkToken(SimplexLink link) {
        String linkToken = Tokens.generate();
        link.linkTokenHash = tokens.storageHash(linkToken);
        link.rotatedAt = Instant.now();
        return linkToken;
    }

    /**
     * Gives the link a new fetch token; the old one stops working at once, and so do the WebSocket
     * subscriptions proved before, on every replica. Answers the new token.
     */
    public Uni<String> rotateFetchToken(SimplexLink link) {
        String fetchToken = Tokens.generate();
        link.fetchTokenHash = tokens.storageHash(fetchToken);
        link.rotatedAt = Instant.now();
        return revoked(link, LinkRevoked.FETCH_TOKEN_ROTATED).replaceWith(fetchToken);
    }

    /**
     * Deletes the link with its messages and challenges (the foreign keys cascade) and closes its
     * subscriptions; answers how many messages went.
     */
    public Uni<Long> delete(SimplexLink link) {
        long linkId = link.id;
        return SimplexMessage.deleteAllOf(linkId)
                .call(() -> Challenge.deleteAllOf(linkId))
                .call(() -> revoked(link, LinkRevoked.DELETED))
                .call(link::delete);
    }

    private Uni<?> revoked(SimplexLink link, String reason) {
        return outbox.append(LinkRevoked.TOPIC, LinkRevoked.TYPE, LinkRevoked.SCHEMA_VERSION, Long.toString(link.id),
                new LinkRevoked(link.id, reason));
    }

    public String linkUrl(String linkToken) {
        return publicBaseUrl + "/l/" + linkToken;
    }

    private static byte[] decodeEd25519(String base64) {
        if (base64 == null) {
            throw ApiException.badRequest("missing_fields", "Public key is required");
        }
        try {
            byte[] key = Bytes.fromBase64(base64.trim());
            if (key.length == Ed25519.PUBLIC_KEY_BYTES) {
                Ed25519.toX25519PublicKey(key); // rejects bytes that are not a point on the curve
                return key;
            }
        } catch (IllegalArgumentException | CryptoException e) {
            // falls through to the one answer for every malformed key
        }
        throw ApiException.badRequest("invalid_public_key", "Invalid public key format");
    }
}
