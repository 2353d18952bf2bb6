package io.panzoto.auth.face;

import ai.onnxruntime.OrtException;
import io.panzoto.auth.config.AuthConfig;
import io.panzoto.platform.errors.ApiException;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One photo in, its single face's embedding and liveness out, on FaceWork's bounded workers. The models
 * load when the service starts (a bad or altered model stops it there, not at the first user). Neither
 * the photo nor the embedding is ever logged.
 */
@Startup
@ApplicationScoped
public class FaceEngine {
    private final FacePipeline pipeline;
    private final FaceWork work;

    public FaceEngine(AuthConfig config, FaceWork work) {
        this.pipeline = new FacePipeline(config.face().threadsPerRun());
        this.work = work;
    }

    /** The analysis of the photo's one face; 400 when it is not a JPEG/PNG, is too large, or has no face or several. */
    public Uni<FacePipeline.Analysis> analyse(byte[] photo) {
        return work.run(() -> analyseNow(photo));
    }

    FacePipeline.Analysis analyseNow(byte[] photo) {
        BufferedImage image;
        try {
            image = FaceImages.decode(photo).orElseThrow(() -> ApiException.badRequest("invalid_image", "the photo is not a JPEG or PNG image"));
        } catch (FaceImages.TooLarge e) {
            throw ApiException.badRequest("image_too_large", e.getMessage());
        }
        try {
            List<FacePipeline.Face> faces = pipeline.detect(image);
            if (faces.isEmpty()) {
                throw ApiException.badRequest("no_face", "no face was found in the photo");
            }
            if (faces.size() > 1) {
                throw ApiException.badRequest("multiple_faces", faces.size() + " faces were found in the photo; it must show exactly one");
            }
            return pipeline.analyse(image, faces.get(0));
        } catch (IllegalArgumentException unaligned) {
            // The landmarks fell on one line (a face seen edge-on, or not a face): nothing to compare.
            throw ApiException.badRequest("no_face", "the face in the photo could not be aligned; face the camera");
        } catch (OrtException e) {
            throw new IllegalStateException("face inference failed", e);
        }
    }

    @PreDestroy
    void close() throws OrtException {
        pipeline.close();
    }
}
