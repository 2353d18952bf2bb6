package io.panzoto.audio.files;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.audio.transcription.TranscriptionJob;
import io.panzoto.audio.transcription.TranscriptionRequests;
import io.panzoto.audio.transcription.UploadTranscriptions;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.errors.MissingFields;
import io.panzoto.platform.security.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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

/** Audio file records: the Android app's routes and the {@code /api/v1/audio-files} ones. Every call needs a token. */
@Path("/api")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AudioFileResource {
    private final AudioFiles files;
    private final UploadTranscriptions uploadTranscriptions;
    private final Caller caller;

    public AudioFileResource(AudioFiles files, UploadTranscriptions uploadTranscriptions, Caller caller) {
        this.files = files;
        this.uploadTranscriptions = uploadTranscriptions;
        this.caller = caller;
    }

    static final String KEY_REQUIRED = "s3_key is required";

    /**
     * Seeds 000/001's registration; a v1 recording may add its file key sealed to the transcriber
     * ({@code sealed_file_key}, {@code transcriber_key_id}: GET /api/v1/transcriber-key) to be transcribed.
     */
    public record Registration(@NotBlank(message = KEY_REQUIRED, payload = MissingFields.class) @JsonProperty("s3_key") String s3Key,
                               @JsonProperty("file_size") Long fileSize, @JsonProperty("format") String format,
                               @JsonProperty("sealed_file_key") String sealedFileKey,
                               @JsonProperty("transcriber_key_id") String transcriberKeyId) {
        @Override
        public String toString() {
            return "Registration[" + s3Key + "]";
        }
    }

    /** Seeds 000/001: the new record under {@code audio_file}; and the job its upload asked for, if it did. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Registered(@JsonProperty("audio_file") AudioFiles.View audioFile,
                             @JsonProperty("transcription") TranscriptionRequests.JobView transcription) {
    }

    @POST
    @Path("audio-file")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> register(@Valid @NotNull(message = KEY_REQUIRED, payload = MissingFields.class) Registration registration) {
        RecordingFormat format = RecordingFormat.declared(registration.format());
        UploadTranscriptions.Asked asked = uploadTranscriptions.asked(registration.sealedFileKey(), registration.transcriberKeyId(), format);
        return files.register(caller.userId(), registration.s3Key(), registration.fileSize(), format,
                        file -> asked == null ? Uni.createFrom().<TranscriptionJob>nullItem() : uploadTranscriptions.queue(file, asked))
                .map(registered -> Response.status(201).entity(new Registered(registered.file(),
                        registered.made() == null ? null : TranscriptionRequests.JobView.of(registered.made()))).build());
    }

    /** The Android app's list: newest first; an out-of-range limit is brought into range, as the app expects. */
    @GET
    @Path("user/audio-files")
    public Uni<AudioFiles.Page> androidList(@QueryParam("limit") String limit) {
        Integer requested = parseLimit(limit);
        Integer bounded = requested == null ? null : Math.max(1, Math.min(requested, AudioFiles.MAX_LIMIT));
        return files.list(caller.userId(), bounded, null);
    }

    @GET
    @Path("v1/audio-files")
    public Uni<AudioFiles.Page> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return files.list(caller.userId(), parseLimit(limit), cursor);
    }

    /** A limit that is not a number is the client's mistake (400), not an unknown route (JAX-RS' 404). */
    private static Integer parseLimit(String limit) {
        if (limit == null || limit.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(limit.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_limit", "limit must be a whole number");
        }
    }

    @GET
    @Path("v1/audio-files/{id}")
    public Uni<AudioFiles.View> get(@PathParam("id") String id) {
        return files.get(caller.userId(), id);
    }

    @DELETE
    @Path("v1/audio-files/{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return files.delete(caller.userId(), id).map(done -> Response.noContent().build());
    }
}
