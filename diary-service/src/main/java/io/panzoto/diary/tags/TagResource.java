package io.panzoto.diary.tags;

import io.panzoto.diary.keys.Asker;
import io.panzoto.diary.keys.DataKeyTickets;
import io.panzoto.diary.tags.TagRequests.TagInput;
import io.panzoto.diary.tags.TagRequests.TagView;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.errors.MissingFields;
import io.panzoto.platform.security.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/** {@code /api/v1/diary/tags}: the caller's tags; uce names travel in clear over TLS and are sealed at rest. */
@Path("/api/v1/diary/tags")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class TagResource {
    static final String TAG_REQUIRED = "a tag is required";

    private final Caller caller;
    private final TagService tags;

    public TagResource(Caller caller, TagService tags) {
        this.caller = caller;
        this.tags = tags;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@HeaderParam(DataKeyTickets.HEADER) String ticket,
                                @Valid @NotNull(message = TAG_REQUIRED, payload = MissingFields.class) TagInput input) {
        return tags.create(asker(ticket), input).map(view -> Response.status(201).entity(view).build());
    }

    @GET
    public Uni<List<TagView>> list(@HeaderParam(DataKeyTickets.HEADER) String ticket) {
        return tags.list(asker(ticket));
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<TagView> rename(@HeaderParam(DataKeyTickets.HEADER) String ticket, @PathParam("id") String id,
                               @Valid @NotNull(message = TAG_REQUIRED, payload = MissingFields.class) TagInput input) {
        return tags.rename(asker(ticket), parse(id), input);
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return tags.delete(asker(null), parse(id)).replaceWith(Response.noContent().build());
    }

    private Asker asker(String ticket) {
        return new Asker(caller.userId(), caller.sessionId(), caller.tier(), ticket);
    }

    static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no such tag");
        }
    }
}
