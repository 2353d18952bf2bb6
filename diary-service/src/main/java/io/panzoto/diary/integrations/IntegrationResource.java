package io.panzoto.diary.integrations;

import io.panzoto.platform.security.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

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

    public IntegrationResource(Caller caller, FacebookConnection facebook) {
        this.caller = caller;
        this.facebook = facebook;
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
