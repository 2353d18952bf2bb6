package io.panzoto.diary.media;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.diary.keys.Asker;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.security.Caller;
import io.panzoto.storage.PresignedGet;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The JSON side of diary media (the bytes move in MediaRoutes): list, read, delete, storage use, and
 * e2e clients' presigned upload and download URLs. Every read is the caller's own: another user's file
 * answers 404 as a missing one does.
 */
@Path("/api/v1/diary")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MediaResource {
    private final Caller caller;
    private final MediaService media;
    private final MediaQuota quota;

    public MediaResource(Caller caller, MediaService media, MediaQuota quota) {
        this.caller = caller;
        this.media = media;
        this.quota = quota;
    }

    /** The caller's stored media, newest first; {@code entry_id} narrows it to one entry's. */
    @GET
    @Path("media")
    public Uni<List<MediaView>> list(@QueryParam("entry_id") String entryId) {
        return media.list(asker(null), entryId);
    }

    @GET
    @Path("media/{id}")
    public Uni<MediaView> get(@PathParam("id") String id) {
        return media.get(asker(null), id);
    }

    /** Deletes the file and its thumbnail from storage; the bytes stop counting against the quota. */
    @DELETE
    @Path("media/{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return media.delete(asker(null), id).replaceWith(Response.noContent().build());
    }

    /** {@code {used, limit, available}} in bytes: stored files and thumbnails, and uploads reserved but not yet stored. */
    @GET
    @Path("usage")
    public Uni<MediaQuota.Usage> usage() {
        return io.quarkus.hibernate.reactive.panache.Panache.withSession(() -> quota.usage(caller.userId(), caller.tier()));
    }

    /** e2e: {@code {kind, size, entry_id?}} → 201 {@code {media, upload: {url, headers, expires_at}}}; the size is reserved until the URL expires. */
    @POST
    @Path("media/upload-url")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> uploadUrl(UploadRequest request) {
        if (request == null) {
            throw ApiException.badRequest("missing_fields", "kind and size are required");
        }
        return media.presignUpload(asker(null), request.kind(), request.size(), request.entryId())
                .map(presigned -> Response.status(201).entity(presigned).build());
    }

    public record UploadRequest(@JsonProperty("kind") String kind, @JsonProperty("size") Long size, @JsonProperty("entry_id") String entryId) {
    }

    /** e2e: registers what the presigned PUT stored (its size must be the reserved one). */
    @POST
    @Path("media/{id}/complete")
    public Uni<MediaView> complete(@PathParam("id") String id) {
        return media.complete(asker(null), id);
    }

    /** e2e: a URL to GET the stored ciphertext straight from S3. */
    @GET
    @Path("media/{id}/download-url")
    public Uni<PresignedGet> downloadUrl(@PathParam("id") String id) {
        return media.presignDownload(asker(null), id);
    }

    /** None of these routes opens a file, so none needs the data-key ticket. */
    private Asker asker(String ticket) {
        return new Asker(caller.userId(), caller.sessionId(), caller.tier(), ticket);
    }
}
