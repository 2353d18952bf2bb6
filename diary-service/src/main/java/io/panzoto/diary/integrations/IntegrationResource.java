package io.panzoto.diary.integrations;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.diary.keys.Asker;
import io.panzoto.diary.keys.DataKeyTickets;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.security.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/diary/integrations}: connect, list and disconnect social accounts. The callback is the
 * one route without a token: the browser arrives from Facebook, and the single-use state (bound to the
 * user who started) is what identifies the authorization.
 */
@Path("/api/v1/diary/integrations")
@Produces(MediaType.APPLICATION_JSON)
public class IntegrationResource {
    private final Caller caller;
    private final FacebookConnection facebook;
    private final PagePublishing publishing;

    public IntegrationResource(Caller caller, FacebookConnection facebook, PagePublishing publishing) {
        this.caller = caller;
        this.facebook = facebook;
        this.publishing = publishing;
    }

    /** The Pages the user manages, to publish to (never their tokens). */
    @GET
    @Path("facebook/pages")
    @Authenticated
    public Uni<List<PagePublishing.PageView>> pages() {
        return publishing.pages(caller.userId());
    }

    public record PublishRequest(@JsonProperty("entry_id") String entryId, @JsonProperty("page_id") String pageId,
                                 @JsonProperty("message") String message) {
        @Override
        public String toString() {
            return "PublishRequest[" + entryId + ", " + pageId + ", message redacted]";
        }
    }

    /** 201 the post made; 200 the one made before for this entry and Page (once per pair). */
    @POST
    @Path("facebook/publish")
    @Authenticated
    public Uni<Response> publish(@HeaderParam(DataKeyTickets.HEADER) String ticket, PublishRequest request) {
        if (request == null || request.entryId() == null || request.pageId() == null) {
            throw ApiException.badRequest("missing_fields", "entry_id and page_id are required");
        }
        UUID entryId;
        try {
            entryId = UUID.fromString(request.entryId());
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no such entry");
        }
        Asker asker = new Asker(caller.userId(), caller.sessionId(), caller.tier(), ticket);
        return publishing.publish(asker, entryId, request.pageId(), request.message())
                .map(published -> Response.status(published.alreadyPublished() ? 200 : 201).entity(published).build());
    }

    @GET
    @Authenticated
    public Uni<List<FacebookConnection.Connected>> list() {
        return facebook.list(caller.userId());
    }

    /** → {@code {authorize_url, state, expires_at}}: open the URL in the user's browser. */
    @POST
    @Path("facebook/connect")
    @Authenticated
    public Uni<FacebookConnection.Authorization> connect() {
        return facebook.start(caller.userId());
    }

    @GET
    @Path("facebook/callback")
    public Uni<FacebookConnection.Connected> callback(@QueryParam("state") String state, @QueryParam("code") String code,
                                                      @QueryParam("error") String error) {
        return facebook.complete(state, code, error);
    }

    @DELETE
    @Path("facebook")
    @Authenticated
    public Uni<Response> disconnect() {
        return facebook.disconnect(caller.userId()).replaceWith(Response.noContent().build());
    }
}
