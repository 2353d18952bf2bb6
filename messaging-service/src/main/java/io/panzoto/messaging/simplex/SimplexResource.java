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
import io.panzoto.platform.outbox.OutboxRelay;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
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

    private final Links links;
    private final Mailbox mailbox;
    private final RecipientAuth auth;
    private final OutboxRelay outbox;

    public SimplexResource(Links links, Mailbox mailbox, RecipientAuth auth, OutboxRelay outbox) {
        this.links = links;
        this.mailbox = mailbox;
        this.auth = auth;
        this.outbox = outbox;
    }

    public record RegisterRequest(@JsonProperty("public_key") String publicKey, @JsonProperty("display_name") String displayName) {
    }

    public record SendRequest(@JsonProperty("link_token") String linkToken,
                              @JsonProperty("encrypted_message") String encryptedMessage,
                              @JsonProperty("metadata") JsonNode metadata) {
    }

    public record LinkRequest(@JsonProperty("link_token") String linkToken) {
    }

    /** Any recipient command: the link, and a challenge proof unless a bearer fetch token is sent. */
    public record RecipientRequest(@JsonProperty("link_token") String linkToken, @JsonProperty("challenge") String challenge,
                                   @JsonProperty("challenge_signature") String challengeSignature,
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
    public Uni<Response> register(RegisterRequest request) {
        if (request == null || request.publicKey() == null) {
            throw ApiException.badRequest("missing_fields", "Public key is required");
        }
        return Panache.withTransaction(() -> links.register(request.publicKey(), request.displayName()))
                .map(registered -> Response.status(201).entity(registered).build());
    }

    @POST
    @Path("send")
    public Uni<Response> send(SendRequest request) {
        if (request == null || request.linkToken() == null || request.encryptedMessage() == null) {
            throw ApiException.badRequest("missing_fields", "link_token and encrypted_message are required");
        }
        Mailbox.Letter letter = mailbox.letter(request.encryptedMessage(), request.metadata());
        return Panache.withTransaction(() -> links.find(request.linkToken()).chain(link -> mailbox.deliver(link, letter)))
                .invoke(outbox::publishSoon) // the recipient's live notification should not wait for the relay's tick
                .map(id -> Response.status(201).entity(new Sent("Message sent successfully", id)).build());
    }

    @POST
    @Path("challenge_request")
    public Uni<ChallengeIssued> challenge(LinkRequest request) {
        if (request == null || request.linkToken() == null) {
            throw ApiException.badRequest("missing_fields", "link_token is required");
        }
        return Panache.withTransaction(() -> links.find(request.linkToken()).chain(auth::issueChallenge))
                .map(ChallengeIssued::new);
    }

    @POST
    @Path("fetch")
    public Uni<Fetched> fetch(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                         @QueryParam("include_seen") String includeSeenQuery, RecipientRequest request) {
        RecipientRequest body = requireLink(request);
        boolean includeSeen = body.includeSeen() != null ? body.includeSeen() : flag("include_seen", includeSeenQuery);
        return Panache.withTransaction(() -> authenticated(body.linkToken(), body.proof(authorization))
                        .chain(link -> mailbox.fetch(link, includeSeen, body.limit(), body.beforeId())))
                .map(page -> new Fetched("Messages retrieved successfully", page.messages(), page.nextBeforeId()));
    }

    @POST
    @Path("ack")
    public Uni<Acknowledged> ack(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, RecipientRequest request) {
        RecipientRequest body = requireLink(request);
        if (body.messageIds() == null || body.messageIds().stream().anyMatch(Objects::isNull)) {
            throw ApiException.badRequest("missing_fields", "link_token and message_ids are required");
        }
        if (body.messageIds().size() > 1000) {
            throw ApiException.badRequest("too_many_ids", "at most 1000 message_ids at once");
        }
        boolean delete = Boolean.TRUE.equals(body.delete());
        return Panache.withTransaction(() -> authenticated(body.linkToken(), body.proof(authorization))
                        .chain(link -> mailbox.acknowledge(link, body.messageIds(), delete)))
                .map(count -> new Acknowledged(delete ? "Messages deleted" : "Messages marked as seen", count));
    }

    @POST
    @Path("rotate_link")
    public Uni<LinkRotated> rotateLink(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, RecipientRequest request) {
        RecipientRequest body = requireLink(request);
        return Panache.withTransaction(() -> authenticated(body.linkToken(), body.proof(authorization)).map(links::rotateLinkToken))
                .map(token -> new LinkRotated("Link rotated", links.linkUrl(token), token));
    }

    @POST
    @Path("rotate_fetch_token")
    public Uni<FetchTokenRotated> rotateFetchToken(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                                     RecipientRequest request) {
        RecipientRequest body = requireLink(request);
        return Panache.withTransaction(() -> authenticated(body.linkToken(), body.proof(authorization)).chain(links::rotateFetchToken))
                .map(token -> new FetchTokenRotated("Fetch token rotated", token));
    }

    @GET
    @Path("l/{linkToken}")
    public Uni<Links.PublicView> publicKey(@PathParam("linkToken") String linkToken) {
        return Panache.withSession(() -> links.find(linkToken)).map(Links::publicView);
    }

    @DELETE
    @Path("l/{linkToken}")
    public Uni<LinkDeleted> delete(@PathParam("linkToken") String linkToken,
                                           @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                           @HeaderParam(CHALLENGE_HEADER) String challenge,
                                           @HeaderParam(SIGNATURE_HEADER) String signature) {
        return Panache.withTransaction(() -> authenticated(linkToken, new RecipientAuth.Proof(authorization, challenge, signature))
                        .chain(links::delete))
                .map(deleted -> new LinkDeleted("Link deleted", deleted));
    }

    private Uni<SimplexLink> authenticated(String linkToken, RecipientAuth.Proof proof) {
        return links.find(linkToken).call(link -> auth.verify(link, proof));
    }

    private static RecipientRequest requireLink(RecipientRequest request) {
        if (request == null || request.linkToken() == null) {
            throw ApiException.badRequest("missing_fields", "link_token is required");
        }
        return request;
    }
}
