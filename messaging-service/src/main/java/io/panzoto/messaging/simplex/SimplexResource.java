package io.panzoto.messaging.simplex;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.panzoto.messaging.simplex.SimplexAnswers.Acknowledged;
import io.panzoto.messaging.simplex.SimplexAnswers.ChallengeIssued;
import io.panzoto.messaging.simplex.SimplexAnswers.FetchTokenRotated;
import io.panzoto.messaging.simplex.SimplexAnswers.Fetched;
import io.panzoto.messaging.simplex.SimplexAnswers.Health;
import io.panzoto.messaging.simplex.SimplexAnswers.LinkDeleted;
import io.panzoto.messaging.simplex.SimplexAnswers.LinkRotated;
import io.panzoto.messaging.simplex.SimplexAnswers.Sent;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.errors.MissingFields;
import io.panzoto.platform.outbox.OutboxRelay;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The PyCrypt simplex API at the root (paths, fields and status codes as its README gives them), and
 * the SMP-style additions: link and fetch-token rotation, link deletion, ack with delete, paging.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SimplexResource {
    /** Header form of a challenge proof, for DELETE, which carries no body. */
    static final String CHALLENGE_HEADER = "X-Challenge";
    static final String SIGNATURE_HEADER = "X-Challenge-Signature";

    private final SimplexService simplex;
    private final Links links;
    private final Mailbox mailbox;
    private final OutboxRelay outbox;

    public SimplexResource(SimplexService simplex, Links links, Mailbox mailbox, OutboxRelay outbox) {
        this.simplex = simplex;
        this.links = links;
        this.mailbox = mailbox;
        this.outbox = outbox;
    }

    // The seed's words for a missing field, which its clients show.
    static final String PUBLIC_KEY_REQUIRED = "Public key is required";
    static final String SEND_FIELDS_REQUIRED = "link_token and encrypted_message are required";
    static final String LINK_REQUIRED = "link_token is required";

    public record RegisterRequest(
            @NotNull(message = PUBLIC_KEY_REQUIRED, payload = MissingFields.class) @JsonProperty("public_key") String publicKey,
            @JsonProperty("display_name") String displayName) {
    }

    public record SendRequest(
            @NotNull(message = SEND_FIELDS_REQUIRED, payload = MissingFields.class) @JsonProperty("link_token") String linkToken,
            @NotNull(message = SEND_FIELDS_REQUIRED, payload = MissingFields.class) @JsonProperty("encrypted_message") String encryptedMessage,
            @JsonProperty("metadata") JsonNode metadata) {
    }

    public record LinkRequest(@NotNull(message = LINK_REQUIRED, payload = MissingFields.class) @JsonProperty("link_token") String linkToken) {
    }

    /** Any recipient command: the link, and a challenge proof unless a bearer fetch token is sent. */
    public record RecipientRequest(
            @NotNull(message = LINK_REQUIRED, payload = MissingFields.class) @JsonProperty("link_token") String linkToken,
            @JsonProperty("challenge") String challenge, @JsonProperty("challenge_signature") String challengeSignature,
            @JsonProperty("include_seen") Boolean includeSeen, @JsonProperty("limit") Integer limit,
            @JsonProperty("before_id") Long beforeId, @JsonProperty("message_ids") List<Long> messageIds,
            @JsonProperty("delete") Boolean delete) {
        RecipientAuth.Proof proof(String authorization) {
            return new RecipientAuth.Proof(authorization, challenge, challengeSignature);
        }
    }

    /** A yes/no query parameter (seed 002 documents {@code include_seen} as a parameter): absent is false. */
    private static boolean flag(String name, String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ApiException.badRequest("invalid_" + name, name + " must be true or false");
        };
    }

    @GET
    @Path("health")
    public Health health() {
        return new Health("healthy", Instant.now().toString());
    }

    @POST
    @Path("register")
    public Uni<Response> register(@Valid @NotNull(message = PUBLIC_KEY_REQUIRED, payload = MissingFields.class) RegisterRequest request) {
        return simplex.register(request.publicKey(), request.displayName())
                .map(registered -> Response.status(201).entity(registered).build());
    }

    @POST
    @Path("send")
    public Uni<Response> send(@Valid @NotNull(message = SEND_FIELDS_REQUIRED, payload = MissingFields.class) SendRequest request) {
        Mailbox.Letter letter = mailbox.letter(request.encryptedMessage(), request.metadata());
        return simplex.send(request.linkToken(), letter)
                .invoke(outbox::publishSoon) // the recipient's live notification should not wait for the relay's tick
                .map(id -> Response.status(201).entity(new Sent("Message sent successfully", id)).build());
    }

    @POST
    @Path("challenge_request")
    public Uni<ChallengeIssued> challenge(@Valid @NotNull(message = LINK_REQUIRED, payload = MissingFields.class) LinkRequest request) {
        return simplex.challenge(request.linkToken()).map(ChallengeIssued::new);
    }

    @POST
    @Path("fetch")
    public Uni<Fetched> fetch(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                         @QueryParam("include_seen") String includeSeenQuery, @Valid @NotNull(message = LINK_REQUIRED, payload = MissingFields.class) RecipientRequest body) {
        boolean includeSeen = body.includeSeen() != null ? body.includeSeen() : flag("include_seen", includeSeenQuery);
        return simplex.fetch(body.linkToken(), body.proof(authorization), includeSeen, body.limit(), body.beforeId())
                .map(page -> new Fetched("Messages retrieved successfully", page.messages(), page.nextBeforeId()));
    }

    @POST
    @Path("ack")
    public Uni<Acknowledged> ack(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                @Valid @NotNull(message = LINK_REQUIRED, payload = MissingFields.class) RecipientRequest body) {
        if (body.messageIds() == null || body.messageIds().stream().anyMatch(Objects::isNull)) {
            throw ApiException.badRequest("missing_fields", "link_token and message_ids are required");
        }
        if (body.messageIds().size() > 1000) {
            throw ApiException.badRequest("too_many_ids", "at most 1000 message_ids at once");
        }
        boolean delete = Boolean.TRUE.equals(body.delete());
        return simplex.acknowledge(body.linkToken(), body.proof(authorization), body.messageIds(), delete)
                .map(count -> new Acknowledged(delete ? "Messages deleted" : "Messages marked as seen", count));
    }

    @POST
    @Path("rotate_link")
    public Uni<LinkRotated> rotateLink(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                      @Valid @NotNull(message = LINK_REQUIRED, payload = MissingFields.class) RecipientRequest body) {
        return simplex.rotateLink(body.linkToken(), body.proof(authorization))
                .map(token -> new LinkRotated("Link rotated", links.linkUrl(token), token));
    }

    @POST
    @Path("rotate_fetch_token")
    public Uni<FetchTokenRotated> rotateFetchToken(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                                   @Valid @NotNull(message = LINK_REQUIRED, payload = MissingFields.class) RecipientRequest body) {
        return simplex.rotateFetchToken(body.linkToken(), body.proof(authorization))
                .map(token -> new FetchTokenRotated("Fetch token rotated", token));
    }

    @GET
    @Path("l/{linkToken}")
    public Uni<Links.PublicView> publicKey(@PathParam("linkToken") String linkToken) {
        return simplex.publicView(linkToken);
    }

    @DELETE
    @Path("l/{linkToken}")
    public Uni<LinkDeleted> delete(@PathParam("linkToken") String linkToken,
                                           @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                           @HeaderParam(CHALLENGE_HEADER) String challenge,
                                           @HeaderParam(SIGNATURE_HEADER) String signature) {
        return simplex.delete(linkToken, new RecipientAuth.Proof(authorization, challenge, signature))
                .map(deleted -> new LinkDeleted("Link deleted", deleted));
    }

}
