package io.panzoto.audio.transcription;

import io.panzoto.audio.config.AudioConfig;
import io.panzoto.crypto.AuthenticationFailedException;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.ContentHash;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.envelope.SealedFileKey;
import io.panzoto.crypto.envelope.SealedJobKey;
import io.panzoto.crypto.sodium.X25519;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The transcriber's X25519 key pairs, from configuration: requests seal each job's key to the current
 * public key and name it by its id (the first 8 bytes of its SHA-256, hex); the transcriber opens a
 * job's key with the secret key of that id. Rotation: make the new key current and list the old one in
 * {@code previous-private-keys} until the jobs sealed to it have drained (at most the key lifetime),
 * then drop it. Neither a key nor a pair is ever logged.
 *
 * <p>An API-only instance (the native image, which has no transcriber compiled in) holds no secret key
 * at all: it is given the transcriber's public key and can only seal. The secret stays with the
 * transcriber Deployment, away from the pods that take public traffic.
 */
@ApplicationScoped
public class JobKeys {
    private final String currentId;
    private final Map<String, Pair> pairs = new LinkedHashMap<>();

    /** A key pair; {@code secretKey} is null where only the public half was given (an API-only instance). */
    private record Pair(SecretBytes secretKey, byte[] publicKey) {
    }

    /** A job key sealed to the current transcriber key, and that key's id. */
    public record Sealed(byte[] box, String keyId) {
    }

    @Inject
    public JobKeys(AudioConfig config) {
        this(config.transcriber().privateKey(), config.transcriber().publicKey(),
                config.transcriber().previousPrivateKeys().orElse(List.of()));
    }

    JobKeys(String currentKey, List<String> previousKeys) {
        this(Optional.of(currentKey), Optional.empty(), previousKeys);
    }

    /** With the current secret key (a transcriber), or only the current public key (an API-only instance). */
    JobKeys(Optional<String> currentKey, Optional<String> currentPublicKey, List<String> previousKeys) {
        if (currentKey.isPresent()) {
            this.currentId = add(currentKey.get());
            previousKeys.forEach(this::add);
        } else if (currentPublicKey.isPresent()) {
            byte[] publicKey = decode(currentPublicKey.get());
            this.currentId = keyId(publicKey);
            pairs.put(currentId, new Pair(null, publicKey));
        } else {
            throw new IllegalStateException("set panzoto.audio.transcriber.private-key (a transcriber) or "
                    + "panzoto.audio.transcriber.public-key (an API-only instance)");
        }
    }

    private String add(String base64) {
        SecretBytes secret = new SecretBytes(decode(base64));
        byte[] publicKey = X25519.publicKey(secret);
        String id = keyId(publicKey);
        pairs.putIfAbsent(id, new Pair(secret, publicKey));
        return id;
    }

    /** The current public key's id (the one new jobs are sealed to). */
    public String currentKeyId() {
        return currentId;
    }

    /** The current public key, which clients seal their file keys to. */
    public byte[] currentPublicKey() {
        return pairs.get(currentId).publicKey().clone();
    }

    /** Whether a key id is one of the transcriber's (current, or previous until drained). */
    public boolean knows(String keyId) {
        return keyId != null && pairs.containsKey(keyId);
    }

    /**
     * Opens a client's file key sealed to the transcriber key it names, for the object it was sealed for.
     *
     * @throws AuthenticationFailedException not ours, altered, or sealed for another object
     */
    public SecretBytes openFileKey(byte[] box, String objectKey, String keyId) {
        Pair pair = pairs.get(keyId);
        if (pair == null || pair.secretKey() == null) {
            throw new AuthenticationFailedException("sealed to a transcriber key this replica does not hold");
        }
        return SealedFileKey.open(box, objectKey, pair.publicKey(), pair.secretKey());
    }

    /** A public key's id: the first 8 bytes of its SHA-256, hex. */
    static String keyId(byte[] publicKey) {
        return ContentHash.sha256Hex(publicKey).substring(0, 16);
    }

    private static byte[] decode(String base64) {
        byte[] key;
        try {
            key = Bytes.fromBase64(base64.trim());
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (key.length != X25519.KEY_BYTES) {
            throw new IllegalStateException("transcriber keys must be 32 bytes, base64");
        }
        return key;
    }

    public Sealed seal(SecretBytes key, UUID jobId, Instant expiresAt) {
        return new Sealed(SealedJobKey.seal(key, jobId, expiresAt, pairs.get(currentId).publicKey()), currentId);
    }

    /**
     * Opens a job's key with the transcriber key the request names (none: the current one, as requests
     * written before key ids had it).
     *
     * @throws SealedJobKey.ExpiredException past the job's expiry; AuthenticationFailedException if not ours
     */
    public SecretBytes open(byte[] box, UUID jobId, String keyId) {
        Pair pair = pairs.get(keyId == null ? currentId : keyId);
        if (pair == null || pair.secretKey() == null) {
            throw new AuthenticationFailedException("sealed to a transcriber key this replica does not hold");
        }
        return SealedJobKey.open(box, jobId, Instant.now(), pair.publicKey(), pair.secretKey());
    }

    @PreDestroy
    void wipe() {
        pairs.values().stream().filter(pair -> pair.secretKey() != null).forEach(pair -> pair.secretKey().close());
    }
}
