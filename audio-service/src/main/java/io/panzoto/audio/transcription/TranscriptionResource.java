package io.panzoto.audio.transcription;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.audio.files.AudioFiles;
import io.panzoto.platform.security.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * The Android app's {@code POST /api/decrypt-audio}, now a job: it answers as the seed did (200,
 * {@code status: ready_for_transcription}, {@code file_info}, {@code message}) plus the {@code job_id} to
 * follow under {@code /api/v1/transcriptions} and its {@code job_status}.
 */
@Path("/api")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class TranscriptionResource {
    private final TranscriptionRequests requests;
    private final UploadTranscriptions uploads;
    private final Caller caller;

    public TranscriptionResource(TranscriptionRequests requests, UploadTranscriptions uploads, Caller caller) {
        this.uploads = uploads;
        this.requests = requests;
        this.caller = caller;
    }

    public record DecryptRequest(@JsonProperty("password") String password, @JsonProperty("file_id") String fileId,
                                 @JsonProperty("s3_key") String s3Key) {
        @Override
        public String toString() {
            return "DecryptRequest[file " + fileId + ", key " + s3Key + "]";
        }
    }

    /** Seeds 000/001's answer, with the job to follow. */
    public record ReadyForTranscription(@JsonProperty("status") String status, @JsonProperty("job_id") String jobId,
                                        @JsonProperty("job_status") JobStatus jobStatus, @JsonProperty("file_info") AudioFiles.View fileInfo,
                                        @JsonProperty("message") String message) {
    }

    /** The transcript in clear, for the one response that carries it. */
    public record Transcript(@JsonProperty("job_id") String jobId, @JsonProperty("transcript") String transcript) {
        @Override
        public String toString() {
            return "Transcript[" + jobId + ", redacted]";
        }
    }

    public record PasswordBody(@JsonProperty("password") String password) {
        @Override
        public String toString() {
            return "PasswordBody[...]";
        }
    }

    /**
     * The transcriber's published key: a client that wants a v1 upload transcribed seals its file key
     * to it and sends the box and the key id with the upload.
     */
    public record TranscriberKey(@JsonProperty("key_id") String keyId, @JsonProperty("public_key") String publicKey,
                                 @JsonProperty("algorithm") String algorithm, @JsonProperty("sealed_file_key") String sealedFileKey) {
    }

    @GET
    @Path("v1/transcriber-key")
    public TranscriberKey transcriberKey() {
        UploadTranscriptions.PublishedKey key = uploads.publishedKey();
        return new TranscriberKey(key.keyId(), key.publicKey(), "x25519-sealed-box",
                "crypto_box_seal(public_key, \"PZFK\" || 0x01 || SHA-256(s3_key) || file_key), base64");
    }

    @POST
    @Path("decrypt-audio")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> decryptAudio(DecryptRequest request) {
        DecryptRequest body = request == null ? new DecryptRequest(null, null, null) : request;
        return requests.request(caller.userId(), caller.bearer(), body.password(), body.fileId(), body.s3Key()).map(accepted -> {
            TranscriptionJob job = accepted.job();
            // Seeds 000/001 answer 200 "ready_for_transcription"; the job itself is followed by its id.
            return Response.ok(new ReadyForTranscription("ready_for_transcription", job.id.toString(), job.status,
                    AudioFiles.View.of(accepted.file()), job.status == JobStatus.DONE
                    ? "already transcribed; fetch it from /api/v1/transcriptions/" + job.id
                    : "decryption and transcription queued; follow /api/v1/transcriptions/" + job.id)).build();
        });
    }

    /** The same request on the v1 API: 202 with the job, to follow at its Location. */
    @POST
    @Path("v1/transcriptions")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> requestTranscription(DecryptRequest request) {
        DecryptRequest body = request == null ? new DecryptRequest(null, null, null) : request;
        return requests.request(caller.userId(), caller.bearer(), body.password(), body.fileId(), body.s3Key())
                .map(accepted -> Response.accepted(TranscriptionRequests.JobView.of(accepted.job()))
                        .location(URI.create("/api/v1/transcriptions/" + accepted.job().id)).build());
    }

    @GET
    @Path("v1/transcriptions/{job_id}")
    public Uni<TranscriptionRequests.JobView> status(@PathParam("job_id") String jobId) {
        return requests.status(caller.userId(), jobId);
    }

    /** The transcript in clear: the caller proves the password again; nothing is kept. */
    @POST
    @Path("v1/transcriptions/{job_id}/decrypt")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Transcript> decrypt(@PathParam("job_id") String jobId, PasswordBody body) {
        return requests.decryptedTranscript(caller.userId(), caller.bearer(), jobId, body == null ? null : body.password())
                .map(text -> new Transcript(jobId, text));
    }
}
