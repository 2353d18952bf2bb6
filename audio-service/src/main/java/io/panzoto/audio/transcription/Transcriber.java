package io.panzoto.audio.transcription;

import io.panzoto.audio.config.AudioConfig;
import io.panzoto.audio.events.AudioUploaded;
import io.panzoto.audio.events.TranscriptionRequested;
import io.panzoto.audio.files.RecordingFormat;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.CryptoException;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.VerifiedPlaintext;
import io.panzoto.crypto.audio.AndroidAudioV0;
import io.panzoto.crypto.audio.AndroidTranscript;
import io.panzoto.crypto.envelope.SealedJobKey;
import io.panzoto.crypto.stream.StreamingAeadV1;
import io.panzoto.platform.inbox.InboundEvent;
import io.panzoto.platform.inbox.Inbox;
import io.panzoto.platform.inbox.UnreadableEventException;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code audio.transcription-requested}: opens the job's sealed key, decrypts the recording
 * into a private temp file, transcribes it with Vosk and stores the transcript sealed under the
 * user's key. Jobs run on the bounded {@code transcribers} pool; the consumer fetches no more while
 * it is full. The offset is committed only after a job ended, so a crash redoes the job, and the
 * ledger makes the redo end it once.
 */
@ApplicationScoped
// The transcriber's beans; a build with panzoto.audio.transcriber.enabled=false (the native profile) leaves them out.
@IfBuildProperty(name = "panzoto.audio.transcriber.enabled", stringValue = "true", enableIfMissing = true)
public class Transcriber {
    private static final Logger LOG = Logger.getLogger(Transcriber.class);

    private final Inbox inbox;
    private final JobLedger ledger;
    private final JobKeys jobKeys;
    private final RecordingSource recordings;
    private final SpeechRecognizer recognizer;
    private final AudioConfig config;
    private final DeadLetters deadLetters;

    Transcriber(Inbox inbox, JobLedger ledger, JobKeys jobKeys, RecordingSource recordings, SpeechRecognizer recognizer,
                AudioConfig config, DeadLetters deadLetters) {
        this.inbox = inbox;
        this.ledger = ledger;
        this.jobKeys = jobKeys;
        this.recordings = recordings;
        this.recognizer = recognizer;
        this.config = config;
        this.deadLetters = deadLetters;
    }

    /** A record no attempt can ever process: it goes to the .dlq with this message as the reason. */
    static final class PoisonRequestException extends RuntimeException {
        PoisonRequestException(String reason) {
            super(reason);
        }
    }

    /** Why a job ended without a transcript; the reason is what the client and the event carry. */
    static final class JobFailedException extends Exception {
        final String reason;

        JobFailedException(String reason, Throwable cause) {
            super(reason, cause);
            this.reason = reason;
        }
    }

    /**
     * One request: acked once its job ended (done or failed), or once it was parked on the .dlq without
     * its key if it can never be processed, and left unacked when shutdown stopped it, so its offset is not committed and the job
     * is redelivered to a running replica.
     */
    @Incoming("transcription-requests")
    @Blocking(value = "transcribers", ordered = false)
    public CompletionStage<Void> onRequest(Message<String> message) {
        try {
            handle(message.getPayload());
            return message.ack();
        } catch (SpeechRecognizer.ClosedException e) {
            LOG.infof("request left for redelivery: %s", e.getMessage());
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            String key = message.getMetadata(IncomingKafkaRecordMetadata.class).map(meta -> String.valueOf(meta.getKey())).orElse(null);
            return deadLetters.park(key, message.getPayload(), String.valueOf(e.getMessage()))
                    .subscribeAsCompletionStage().thenCompose(parked -> message.ack());
        }
    }

    /**
     * {@code audio.uploaded}: a v1 upload that carried its sealed file key has a queued job; run it. Any
     * other upload (no key, v0) has none and is skipped. Redelivered, the ledger ends the job once.
     */
    @Incoming("uploaded-recordings")
    @Blocking(value = "transcribers", ordered = false)
    public CompletionStage<Void> onUpload(Message<String> message) {
        UUID fileId;
        try {
            InboundEvent event = inbox.parse(message.getPayload());
            if (!AudioUploaded.TOPIC.equals(event.type())) {
                return message.ack(); // another kind of event on the topic: not this consumer's
            }
            fileId = UUID.fromString(inbox.body(event, AudioUploaded.class).audioFileId());
        } catch (RuntimeException e) {
            // Unreadable: the connector parks it on audio.uploaded.dlq (ids only, nothing secret) and goes on.
            return message.nack(e instanceof UnreadableEventException ? e : new UnreadableEventException("an upload without a valid audio file id"));
        }
        try {
            ledger.startedByUpload(fileId).ifPresent(jobId -> handle(jobId, null));
            return message.ack();
        } catch (SpeechRecognizer.ClosedException e) {
            LOG.infof("upload left for redelivery: %s", e.getMessage());
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            // A job started too often, or the database gone past the ledger's patience: parked with the
            // reason (the record is ids only), the channel goes on.
            return message.nack(e);
        }
    }

    private void handle(String payload) {
        Request request = parse(payload);
        handle(request.jobId(), request);
    }

    /** Runs the job; {@code request} carries its sealed job key, or is null when the key waits in the job row. */
    private void handle(UUID jobId, Request request) {
        if (!recognizer.accepting()) {
            throw new SpeechRecognizer.ClosedException("the service is shutting down; job " + jobId + " not started");
        }
        JobLedger.Attempt attempt = ledger.begin(jobId).orElse(null);
        if (attempt == null) {
            LOG.debugf("job %s has ended or is gone; nothing to do", jobId);
            return;
        }
        if (attempt.number() > config.transcriber().maxAttempts()) {
            ledger.fail(attempt.jobId(), "too_many_attempts");
            throw new PoisonRequestException("job " + attempt.jobId() + " was started " + (attempt.number() - 1)
                    + " times without ending; given up");
        }
        LOG.infof("job %s: attempt %d", attempt.jobId(), attempt.number());
        try {
            run(attempt, request);
        } catch (JobFailedException e) {
            LOG.infof("job %s failed: %s", attempt.jobId(), e.reason);
            ledger.fail(attempt.jobId(), e.reason);
        } catch (SpeechRecognizer.ClosedException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.errorf(e, "job %s failed unexpectedly", attempt.jobId());
            ledger.fail(attempt.jobId(), "internal_error");
        }
    }

    private void run(JobLedger.Attempt attempt, Request request) throws JobFailedException {
        try (SecretBytes key = openKey(request, attempt);
             VerifiedPlaintext audio = recordings.decrypt(attempt.s3Key(), (ciphertext, workDir) -> decrypt(ciphertext, workDir, attempt, key))) {
            ledger.progress(attempt.jobId(), JobStatus.TRANSCRIBING, 0);
            SpeechRecognizer.Transcript transcript = recognizer.transcribe(audio.path(), resumeFrom(attempt, key),
                    new ProgressReporter(ledger, attempt.jobId()), new Checkpoints(attempt, key));
            byte[] sealed = AndroidTranscript.seal(key, attempt.audioFileId().toString(), transcript.text());
            if (ledger.complete(attempt, sealed, transcript.audioSeconds())) {
                LOG.infof("job %s done: %.1f s of audio", attempt.jobId(), transcript.audioSeconds());
            }
        } catch (AudioDecoder.UnsupportedAudioException e) {
            throw new JobFailedException("unsupported_audio", e);
        }
    }

    /** Where the attempt starts: a stopped attempt's last checkpoint, or the beginning. */
    private static SpeechRecognizer.Checkpoint resumeFrom(JobLedger.Attempt attempt, SecretBytes key) {
        if (attempt.resumeSamples() <= 0 || attempt.partialTranscript() == null) {
            return SpeechRecognizer.Checkpoint.START;
        }
        try {
            String text = AndroidTranscript.open(key, partialAad(attempt), attempt.partialTranscript());
            LOG.infof("job %s: attempt %d resumes at %.1f s of audio", attempt.jobId(), attempt.number(),
                    attempt.resumeSamples() / (double) AudioDecoder.SAMPLE_RATE);
            return new SpeechRecognizer.Checkpoint(attempt.resumeSamples(), text);
        } catch (CryptoException e) {
            LOG.warnf("job %s: its checkpoint does not open; starting afresh", attempt.jobId());
            return SpeechRecognizer.Checkpoint.START;
        }
    }

    private static String partialAad(JobLedger.Attempt attempt) {
        return attempt.audioFileId() + "/partial";
    }

    /** Stores checkpoints sealed under the job's key, at most one every few seconds. */
    private final class Checkpoints implements Consumer<SpeechRecognizer.Checkpoint> {
        private static final long EVERY_NANOS = 2_000_000_000L;
        private final JobLedger.Attempt attempt;
        private final SecretBytes key;
        private long lastWritten = System.nanoTime();

        Checkpoints(JobLedger.Attempt attempt, SecretBytes key) {
            this.attempt = attempt;
            this.key = key;
        }

        @Override
        public void accept(SpeechRecognizer.Checkpoint checkpoint) {
            if (System.nanoTime() - lastWritten < EVERY_NANOS) {
                return;
            }
            lastWritten = System.nanoTime();
            ledger.checkpoint(attempt.jobId(), checkpoint.samples(), AndroidTranscript.seal(key, partialAad(attempt), checkpoint.text()));
        }
    }

    private static VerifiedPlaintext decrypt(InputStream ciphertext, Path workDir, JobLedger.Attempt attempt, SecretBytes key)
            throws JobFailedException {
        try {
            return attempt.format() == RecordingFormat.V1
                    ? StreamingAeadV1.decryptToTempFile(ciphertext, key, attempt.s3Key().getBytes(StandardCharsets.UTF_8), workDir)
                    : AndroidAudioV0.decryptToTempFile(ciphertext, key, workDir);
        } catch (CryptoException e) {
            // Wrong key or altered object: the temp file was deleted before this was thrown.
            throw new JobFailedException("decryption_failed", e);
        }
    }

    private SecretBytes openKey(Request request, JobLedger.Attempt attempt) throws JobFailedException {
        try {
            if (request == null) {
                if (attempt.sealedFileKey() == null) {
                    throw new JobFailedException("key_unusable", null);
                }
                return jobKeys.openFileKey(attempt.sealedFileKey(), attempt.s3Key(), attempt.transcriberKeyId());
            }
            return jobKeys.open(request.sealedKey(), attempt.jobId(), request.keyId());
        } catch (SealedJobKey.ExpiredException e) {
            throw new JobFailedException("key_expired", e);
        } catch (CryptoException e) {
            // Not sealed to us, altered, sealed for another object, or not a sealed key at all.
            throw new JobFailedException("key_unusable", e);
        }
    }

    private record Request(UUID jobId, byte[] sealedKey, String keyId) {
        @Override
        public String toString() {
            return "Request[" + jobId + "]";
        }
    }

    private Request parse(String payload) {
        TranscriptionRequested request = inbox.body(inbox.parse(payload), TranscriptionRequested.class);
        try {
            return new Request(UUID.fromString(request.jobId()), Bytes.fromBase64(request.sealedKey()), request.transcriberKeyId());
        } catch (RuntimeException e) {
            throw new UnreadableEventException("a transcription request without a valid job id or sealed key");
        }
    }
}
