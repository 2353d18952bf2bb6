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

    /** Where and how to PUT the file; the listed headers must be sent as given. The URL is a bearer credential. */
    public record UploadUrlAnswer(@JsonProperty("upload_url") String uploadUrl, @JsonProperty("method") String method,
                                  @JsonProperty("s3_key") String s3Key, @JsonProperty("headers") Map<String, String> headers,
                                  @JsonProperty("expires_at") String expiresAt) {
        @Override
        public String toString() {
            return "UploadUrlAnswer[" + s3Key + ", url redacted]";
        }
    }

    @POST
    @Path("v1/audio-files/upload-url")
    @Consumes(MediaType.APPLICATION_JSON)
    public UploadUrlAnswer uploadUrl(UploadUrlRequest request) {
        UploadUrlRequest body = request == null ? new UploadUrlRequest(null, null, null) : request;
        PresignedUploads.UploadUrl url = presigned.create(caller.userId(), body.fileName(), body.fileSize(), body.s3Key());
        return new UploadUrlAnswer(url.url(), "PUT", url.s3Key(), url.headers(), url.expiresAt().toString());
    }
}
