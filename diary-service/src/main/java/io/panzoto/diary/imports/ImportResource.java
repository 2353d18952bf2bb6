package io.panzoto.diary.imports;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.diary.keys.Asker;
import io.panzoto.diary.keys.DataKeyTickets;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.security.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/**
 * {@code /api/v1/diary/imports}: ask for a Facebook import (a Kafka job), follow its progress, and (uce)
 * take in what was imported while away. The "Download Your Information" upload is {@link ExportRoute}.
 */
@Path("/api/v1/diary/imports")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ImportResource {
    private final Caller caller;
    private final ImportService imports;

    public ImportResource(Caller caller, ImportService imports) {
        this.caller = caller;
        this.imports = imports;
    }

    public record ImportRequest(@JsonProperty("provider") String provider) {
    }

    /** 202 the queued job (or the one already under way). */
    @POST
    public Uni<Response> request(@HeaderParam(DataKeyTickets.HEADER) String ticket, @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
                                 ImportRequest request) {
        return imports.request(asker(ticket), bearer, request == null ? null : request.provider())
                .map(job -> Response.accepted(job).build());
    }

    @GET
    public Uni<ImportService.Imports> list() {
        return imports.list(asker(null));
    }

    @GET
    @Path("{id}")
    public Uni<ImportJob.View> get(@PathParam("id") String id) {
        return imports.get(asker(null), parse(id));
    }

    @POST
    @Path("deliver")
    public Uni<ImportService.Delivered> deliver(@HeaderParam(DataKeyTickets.HEADER) String ticket) {
        return imports.deliver(asker(ticket));
    }

    private Asker asker(String ticket) {
        return new Asker(caller.userId(), caller.sessionId(), caller.tier(), ticket);
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no such import");
        }
    }
}
