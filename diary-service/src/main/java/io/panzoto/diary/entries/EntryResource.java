package io.panzoto.diary.entries;

import io.panzoto.diary.entries.EntryRequests.EntryInput;
import io.panzoto.diary.entries.EntryRequests.EntryPage;
import io.panzoto.diary.entries.EntryRequests.EntryView;
import io.panzoto.diary.entries.EntryRequests.SearchPage;
import io.panzoto.diary.entries.EntryRequests.Verification;
import io.panzoto.diary.entries.EntryRequests.VersionView;
import io.panzoto.diary.imports.InboxDelivery;
import io.panzoto.diary.keys.Asker;
import io.panzoto.diary.keys.DataKeyTickets;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.errors.MissingFields;
import io.panzoto.platform.security.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * {@code /api/v1/diary/entries}: the caller's journal. uce requests that read or write content carry
 * the data-key ticket ({@code X-Data-Key-Ticket}); e2e requests never need one. An answer with one entry
 * carries its version as the {@code ETag}; a write names the version it replaces ({@code If-Match} or
 * {@code version}).
 */
@Path("/api/v1/diary/entries")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class EntryResource {
    static final String BODY_REQUIRED = "an entry is required";
    private static final int MAX_TAG_FILTERS = 10;

    private static final Logger LOG = Logger.getLogger(EntryResource.class);

    private final Caller caller;
    private final EntryService entries;
    private final InboxDelivery delivery;

    public EntryResource(Caller caller, EntryService entries, InboxDelivery delivery) {
        this.caller = caller;
        this.entries = entries;
        this.delivery = delivery;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@HeaderParam(DataKeyTickets.HEADER) String ticket,
                                @Valid @NotNull(message = BODY_REQUIRED, payload = MissingFields.class) EntryInput input) {
        return entries.create(asker(ticket), input).map(view -> withVersion(Response.status(201), view));
    }

    @GET
    public Uni<EntryPage> list(@HeaderParam(DataKeyTickets.HEADER) String ticket, @QueryParam("from") String from,
                               @QueryParam("to") String to, @QueryParam("source") String source, @QueryParam("tag") List<String> tag,
                               @QueryParam("has_media") String hasMedia, @QueryParam("cursor") String cursor,
                               @QueryParam("limit") Integer limit) {
        EntryFilter filter = filter(from, to, source, tag, hasMedia);
        Asker asker = asker(ticket);
        // The first page shows what was imported while the user was away (uce: delivered with this ticket).
        return (cursor == null ? delivered(asker) : Uni.createFrom().voidItem()).chain(() -> entries.list(asker, filter, cursor, limit));
    }

    /**
     * Entries holding the words of {@code q} (uce: blind-indexed here under the user's key) or the blind
     * tokens in {@code tokens} (e2e: the client's own, comma-separated): every one ({@code match=all},
     * the default) or any ({@code match=any}), ranked by how many they hold, then newest first.
     */
    @GET
    @Path("search")
    public Uni<SearchPage> search(@HeaderParam(DataKeyTickets.HEADER) String ticket, @QueryParam("q") String q,
                                  @QueryParam("tokens") String tokens, @QueryParam("match") String match,
                                  @QueryParam("from") String from, @QueryParam("to") String to,
                                  @QueryParam("source") String source, @QueryParam("tag") List<String> tag,
                                  @QueryParam("has_media") String hasMedia,
                                  @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        List<String> clientTokens = tokens == null || tokens.isBlank() ? null : Arrays.stream(tokens.split(",")).map(String::trim).toList();
        EntryService.Query query = new EntryService.Query(q, clientTokens, matchAll(match));
        EntryFilter filter = filter(from, to, source, tag, hasMedia);
        Asker asker = asker(ticket);
        return delivered(asker).chain(() -> entries.search(asker, query, filter, offset, limit));
    }

    /** The whole diary, live and trashed, as one streamed JSON array. */
    @GET
    @Path("export")
    public Multi<EntryView> export(@HeaderParam(DataKeyTickets.HEADER) String ticket) {
        Asker asker = asker(ticket);
        Multi<EntryView> everything = entries.export(asker); // a refused ticket is answered before anything streams
        // An export is the whole diary: what waits from imports goes in first.
        return delivery.deliverAll(asker).onFailure().invoke(e -> LOG.warnf("waiting imports were not delivered: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithItem(0).onItem().transformToMulti(delivered -> everything);
    }

    @GET
    @Path("trash")
    public Uni<List<EntryView>> trash() {
        return entries.trash(asker(null));
    }

    @GET
    @Path("{id}")
    public Uni<Response> get(@HeaderParam(DataKeyTickets.HEADER) String ticket, @PathParam("id") String id) {
        return entries.get(asker(ticket), parse(id)).map(view -> withVersion(Response.ok(), view));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> update(@HeaderParam(DataKeyTickets.HEADER) String ticket, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                @PathParam("id") String id,
                                @Valid @NotNull(message = BODY_REQUIRED, payload = MissingFields.class) EntryInput input) {
        EntryService.Precondition precondition = precondition(ifMatch, input.version());
        return entries.update(asker(ticket), parse(id), input, precondition).map(view -> withVersion(Response.ok(), view));
    }

    /** To the trash; restorable until the retention period ends. */
    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @PathParam("id") String id) {
        return entries.delete(asker(null), parse(id), new EntryService.Precondition(version(ifMatch), null))
                .map(view -> withVersion(Response.ok(), view));
    }

    @POST
    @Path("{id}/restore")
    public Uni<Response> restore(@PathParam("id") String id) {
        return entries.restore(asker(null), parse(id)).map(view -> withVersion(Response.ok(), view));
    }

    @GET
    @Path("{id}/versions")
    public Uni<List<VersionView>> versions(@PathParam("id") String id) {
        return entries.versions(asker(null), parse(id));
    }

    @GET
    @Path("{id}/versions/{version}")
    public Uni<EntryView> atVersion(@HeaderParam(DataKeyTickets.HEADER) String ticket, @PathParam("id") String id,
                                    @PathParam("version") String version) {
        return entries.atVersion(asker(ticket), parse(id), number(version));
    }

    @PUT
    @Path("{id}/tags/{tagId}")
    public Uni<Response> attach(@PathParam("id") String id, @PathParam("tagId") String tagId) {
        return entries.attach(asker(null), parse(id), parse(tagId)).replaceWith(Response.noContent().build());
    }

    @DELETE
    @Path("{id}/tags/{tagId}")
    public Uni<Response> detach(@PathParam("id") String id, @PathParam("tagId") String tagId) {
        return entries.detach(asker(null), parse(id), parse(tagId)).replaceWith(Response.noContent().build());
    }

    /** Recomputes the history's hash chain: whether it holds, and where it first does not. */
    @GET
    @Path("{id}/verify")
    public Uni<Verification> verify(@PathParam("id") String id) {
        return entries.verify(asker(null), parse(id));
    }

    /** Delivers waiting imports first; a failure there never stands in the way of the diary (the list checks the ticket itself). */
    private Uni<Void> delivered(Asker asker) {
        return delivery.deliver(asker).onFailure().invoke(e -> LOG.warnf("waiting imports were not delivered: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithItem(0).replaceWithVoid();
    }

    private Asker asker(String ticket) {
        return new Asker(caller.userId(), caller.sessionId(), caller.tier(), ticket);
    }

    private static Response withVersion(Response.ResponseBuilder response, EntryView view) {
        return response.entity(view).tag(Integer.toString(view.version())).build();
    }

    /** A write must name the version it replaces: 428 when it names none. */
    private static EntryService.Precondition precondition(String ifMatch, Integer bodyVersion) {
        Integer header = version(ifMatch);
        if (header == null && bodyVersion == null) {
            throw new ApiException(428, "version_required", "name the version you replace: If-Match or version");
        }
        return new EntryService.Precondition(header, bodyVersion);
    }

    private static Integer version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String value = ifMatch.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        return number(value.replace("\"", ""));
    }

    private static int number(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_version", "a version is a whole number");
        }
    }

    /** {@code tag} may be repeated or comma-separated: an entry must carry every one. */
    private static EntryFilter filter(String from, String to, String source, List<String> tags, String hasMedia) {
        List<UUID> tagIds = new ArrayList<>();
        for (String tag : tags == null ? List.<String>of() : tags) {
            for (String id : tag.split(",")) {
                if (id.isBlank()) {
                    continue;
                }
                try {
                    tagIds.add(UUID.fromString(id.trim()));
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest("invalid_tag", "tag is a tag id");
                }
            }
        }
        if (tagIds.size() > MAX_TAG_FILTERS) {
            throw ApiException.badRequest("invalid_tag", "at most " + MAX_TAG_FILTERS + " tags at once");
        }
        Boolean media = null;
        if (hasMedia != null && !hasMedia.isBlank()) {
            if (!hasMedia.equals("true") && !hasMedia.equals("false")) {
                throw ApiException.badRequest("invalid_has_media", "has_media is true or false");
            }
            media = Boolean.valueOf(hasMedia);
        }
        return new EntryFilter(date("from", from), date("to", to), source, tagIds, media);
    }

    private static boolean matchAll(String match) {
        if (match == null || match.isBlank() || match.trim().equals("all")) {
            return true;
        }
        if (match.trim().equals("any")) {
            return false;
        }
        throw ApiException.badRequest("invalid_match", "match is all or any");
    }

    private static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("invalid_" + name, name + " must be a date, YYYY-MM-DD");
        }
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no such entry");
        }
    }
}
