package io.panzoto.messaging.files;

import io.panzoto.platform.security.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code DELETE /api/files/{id}} (seed 004): the participant who sent a file deletes it, for everyone. */
@Path("/api/files")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class FileResource {
    private final Caller caller;
    private final SessionFiles files;

    public FileResource(Caller caller, SessionFiles files) {
        this.caller = caller;
        this.files = files;
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return files.delete(caller.userId(), id).replaceWith(Response.noContent().build());
    }
}
