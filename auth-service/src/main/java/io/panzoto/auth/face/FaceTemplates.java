package io.panzoto.auth.face;

import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.envelope.RecordSealer;
import io.panzoto.crypto.kdf.Hkdf;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Templates sealed at rest: the mean of the enrolment photos' unit embeddings, 512 big-endian floats,
 * sealed with RecordSealer (AES-256-GCM; the AAD binds the user, so a row copied to another account
 * opens nothing) under a key HKDF derives from the key-encryption key for this one use.
 */
@ApplicationScoped
public class FaceTemplates {
    private static final String RECORD = "face-template";
    private static final long VERSION = 1;
    private final SecretBytes key;

    public FaceTemplates(@Named("key-encryption-key") SecretBytes keyEncryptionKey) {
        this.key = Hkdf.derive(keyEncryptionKey.bytes(), null, "panzoto-face-template-v1".getBytes(StandardCharsets.US_ASCII), 32);
    }

    /** The template of several photos' embeddings: their mean, made unit length again. */
    static float[] average(List<float[]> embeddings) {
        float[] sum = new float[embeddings.get(0).length];
        for (float[] e : embeddings) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += e[i];
            }
        }
        return FacePipeline.normalised(sum);
    }

    byte[] seal(UUID userId, float[] template) {
        ByteBuffer bytes = ByteBuffer.allocate(template.length * Float.BYTES);
        bytes.asFloatBuffer().put(template);
        return RecordSealer.seal(key, userId.toString(), RECORD, VERSION, bytes.array());
    }

    float[] open(UUID userId, byte[] sealed) {
        byte[] plain = RecordSealer.open(key, userId.toString(), RECORD, VERSION, sealed);
        float[] template = new float[plain.length / Float.BYTES];
        ByteBuffer.wrap(plain).asFloatBuffer().get(template);
        return template;
    }

    @PreDestroy
    void close() {
        key.close();
    }
}
