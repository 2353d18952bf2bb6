package io.panzoto.audio.uploads;

import static io.panzoto.audio.support.OnContext.await;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.audio.files.AudioFiles;
import io.panzoto.audio.security.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Map;
import java.util.UUID;

/**
 * Getting a recording into S3: a presigned PUT URL for the app, or the body streamed through the
 * service. Either way the object is registered and {@code audio.uploaded} announced once it is there.
 */
@Path("/api")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class UploadResource {
    private final PresignedUploads presigned;
    private final StreamingUploads streaming;
    private final AudioFiles files;
    private final Caller caller;

    public UploadResource(PresignedUploads presigned, StreamingUploads streaming, AudioFiles files, Caller caller) {
        this.presigned = presigned;
        this.streaming = streaming;
        this.files = files;
        this.caller = caller;
    }

    public record UploadUrlRequest(@JsonProperty("file_name") String fileName, @JsonProperty("file_size") Long fileSize) {
    }

    @POST
    @Path("v1/audio-files/upload-url")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> uploadUrl(UploadUrlRequest request) {
        UploadUrlRequest body = request == null ? new UploadUrlRequest(null, null) : request;
        PresignedUploads.UploadUrl url = presigned.create(caller.userId(), body.fileName(), body.fileSize());
        return Map.of("upload_url", url.url(), "method", "PUT", "s3_key", url.s3Key(), "headers", url.headers(),
                "expires_at", url.expiresAt().toString());
    }

    /** The body is the encrypted recording; it streams to S3 on a worker thread, never whole in memory. */
    @POST
    @Path("v1/audio-files/upload")
    @Blocking
    @Consumes(MediaType.WILDCARD)
    public Response upload(@QueryParam("file_name") String fileName, @QueryParam("format") String format, InputStream body) {
        UUID userId = caller.userId();
        String checkedFormat = AudioFiles.requireFormat(format);
        StreamingUploads.Stored stored = streaming.upload(userId, fileName, body);
        AudioFiles.View view;
        try {
            view = await(() -> files.register(userId, stored.s3Key(), stored.size(), checkedFormat));
        } catch (RuntimeException e) {
            // An object no record points to would never be listed, deleted or cleaned up with its user's data.
            streaming.discard(stored.s3Key());
            throw e;
        }
        return Response.status(201).entity(Map.of("audio_file", view)).build();
    }
}
