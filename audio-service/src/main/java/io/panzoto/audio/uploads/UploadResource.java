package io.panzoto.audio.uploads;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.audio.files.AudioFiles;
import io.panzoto.platform.security.Caller;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * A presigned PUT URL, for the app to upload a recording straight to S3 (then it registers it with
 * {@code POST /api/audio-file}). Clients that cannot upload to S3 stream through {@link UploadRoute}.
 */
@Path("/api")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class UploadResource {
    private final PresignedUploads presigned;
    private final Caller caller;

    public UploadResource(PresignedUploads presigned, Caller caller) {
        this.presigned = presigned;
        this.caller = caller;
    }

    /** {@code s3_key} is optional: the app may keep its own layout ({@code users/<user>/...}) under its own prefix. */
    public record UploadUrlRequest(@JsonProperty("file_name") String fileName, @JsonProperty("file_size") Long fileSize,
                                   @JsonProperty("s3_key") String s3Key) {
    }

    @POST
    @Path("v1/audio-files/upload-url")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> uploadUrl(UploadUrlRequest request) {
        UploadUrlRequest body = request == null ? new UploadUrlRequest(null, null, null) : request;
        PresignedUploads.UploadUrl url = presigned.create(caller.userId(), body.fileName(), body.fileSize(), body.s3Key());
        return Map.of("upload_url", url.url(), "method", "PUT", "s3_key", url.s3Key(), "headers", url.headers(),
                "expires_at", url.expiresAt().toString());
    }
}
