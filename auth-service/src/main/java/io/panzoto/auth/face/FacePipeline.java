package io.panzoto.auth.face;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.panzoto.crypto.ContentHash;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The four vendored ONNX models run in sequence on one photo: detection (every face), then for a single
 * face the 68 landmarks, the 512-float embedding of the face aligned by them, and the passive liveness
 * score. Pre- and post-processing follow the models' own package (faceplugin-face-recognition-js,
 * {@code lib/fr_*.js}; see resources/face/README.md). The sessions are thread-safe; callers bound the
 * concurrency (each run takes a core).
 */
public final class FacePipeline implements AutoCloseable {
    /** The vendored files and their SHA-256: a model that is not the one measured never loads. */
    static final Map<String, String> MODELS = Map.of(
            "fr_detect.onnx", "6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854",
            "fr_landmark.onnx", "f10b0ba1d2a8a099adefede1ebf3733e44fe370715e7303dbeb7f59c02142258",
            "fr_feature.onnx", "87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581",
            "fr_liveness.onnx", "afa783b7e902fdfcf323a7240cac2a1c580c25314ea4161129dc1b0d100dc32d");

    private static final int DETECT_WIDTH = 320;
    private static final int DETECT_HEIGHT = 240;
    private static final float DETECT_CONFIDENCE = 0.65f;
    private static final float NMS_IOU = 0.4f;
    private static final int EMBEDDING_SIZE = 112;
    private static final int LIVENESS_SIZE = 128;
    private static final double LIVENESS_CROP_SCALE = 2.7;
    /** Where the eyes and nose go in the 112×112 aligned face (the package's REFERENCE_FACIAL_POINTS). */
    private static final double[][] REFERENCE_POINTS = {{38.29459953, 51.69630051}, {73.53179932, 51.50139999}, {56.02519989, 71.73660278}};

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession detect;
    private final OrtSession landmark;
    private final OrtSession feature;
    private final OrtSession liveness;

    /** Loads the models from the class path; {@code threadsPerRun} intra-op threads for each inference. */
    public FacePipeline(int threadsPerRun) {
        try {
            detect = load("fr_detect.onnx", threadsPerRun);
            landmark = load("fr_landmark.onnx", threadsPerRun);
            feature = load("fr_feature.onnx", threadsPerRun);
            liveness = load("fr_liveness.onnx", threadsPerRun);
        } catch (OrtException e) {
            throw new IllegalStateException("the face models did not load", e);
        }
    }

    /** One face found: its square box in the photo's pixels and the detector's confidence. */
    public record Face(float x1, float y1, float x2, float y2, float confidence) {
        float width() {
            return x2 - x1;
        }

        float height() {
            return y2 - y1;
        }
    }

    /** The photo's one face: its box, embedding (unit length) and liveness in [0, 1]. */
    public record Analysis(Face face, float[] embedding, double liveness) {
        @Override
        public String toString() {
            return "Analysis[face=" + face + ", embedding=redacted, liveness=" + liveness + "]";
        }
    }

    /** Every face the detector finds (confidence ≥ 0.65 after non-maximum suppression), largest first. */
    public List<Face> detect(BufferedImage image) throws OrtException {
        BufferedImage small = FaceImages.cropResize(image, 0, 0, image.getWidth(), image.getHeight(), DETECT_WIDTH, DETECT_HEIGHT);
        float[] input = planes(small, Channels.BGR, 1 / 128f, -127f / 128f);
        float[] boxes;
        float[] scores;
        try (OnnxTensor tensor = tensor(input, 3, DETECT_HEIGHT, DETECT_WIDTH);
             OrtSession.Result result = detect.run(Map.of("input", tensor))) {
            boxes = flat(result, "boxes");
            scores = flat(result, "scores");
        }
        List<float[]> candidates = new ArrayList<>();
        for (int i = 0; i < scores.length / 2; i++) {
            float score = scores[2 * i + 1];
            if (score >= DETECT_CONFIDENCE) {
                // The model's boxes are already decoded corners in [0, 1] (the package scales them straight).
                candidates.add(new float[] {boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3], score});
            }
        }
        List<Face> faces = new ArrayList<>();
        for (float[] kept : suppressOverlaps(candidates)) {
            faces.add(square(kept, image.getWidth(), image.getHeight()));
        }
        faces.sort((a, b) -> Float.compare(b.width() * b.height(), a.width() * a.height()));
        return faces;
    }

    /** Embedding and liveness of a face {@link #detect} found. */
    public Analysis analyse(BufferedImage image, Face face) throws OrtException {
        double[][] points = landmarks(image, face);
        return new Analysis(face, embedding(image, points), liveness(image, face));
    }

    /**
     * Cosine similarity of two embeddings. (The package's matchFeature centres each pair on its
     * element-wise mean, which makes every pair score -1: not used.)
     */
    public static double similarity(float[] a, float[] b) {
        double na = 0;
        double nb = 0;
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            na += a[i] * a[i];
            nb += b[i] * b[i];
            dot += a[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    /** 68 landmark points (x, y) in the photo's pixels, from the grey 64×64 face crop. */
    private double[][] landmarks(BufferedImage image, Face face) throws OrtException {
        int x1 = (int) face.x1();
        int y1 = (int) face.y1();
        int width = (int) Math.abs(face.x2() - face.x1());
        int height = (int) Math.abs(face.y2() - face.y1());
        int[] crop = scaledCrop(image, x1, y1, width, height, 1.0);
        BufferedImage small = FaceImages.cropResize(image, crop[0], crop[1], crop[2], crop[3], 64, 64);
        float[] input = new float[64 * 64];
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int rgb = small.getRGB(x, y);
                double grey = 0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff);
                input[y * 64 + x] = (float) (Math.round(grey) / 256.0);
            }
        }
        float[] out;
        try (OnnxTensor tensor = tensor(input, 1, 64, 64); OrtSession.Result result = landmark.run(Map.of("input", tensor))) {
            out = flat(result, "output");
        }
        double[][] points = new double[out.length / 2][];
        for (int i = 0; i < points.length; i++) {
            points[i] = new double[] {(int) (out[2 * i] * width + x1), (int) (out[2 * i + 1] * height + y1)};
        }
        return points;
    }

    private float[] embedding(BufferedImage image, double[][] landmarks) throws OrtException {
        double[][] eyesAndNose = {
                mean(landmarks, 37, 38, 40, 41),
                mean(landmarks, 43, 44, 46, 47),
                landmarks[30]};
        AffineTransform align = affine(eyesAndNose, REFERENCE_POINTS);
        BufferedImage aligned = FaceImages.warp(image, align, EMBEDDING_SIZE, EMBEDDING_SIZE);
        float[] input = planes(aligned, Channels.RGB, 1 / 128f, -127f / 128f);
        float[] out;
        try (OnnxTensor tensor = tensor(input, 3, EMBEDDING_SIZE, EMBEDDING_SIZE); OrtSession.Result result = feature.run(Map.of("input", tensor))) {
            out = flat(result, "output");
        }
        return normalised(out);
    }

    /**
     * The live class's softmax probability for the face cropped at 2.7× its box, 128×128, raw 0–255 in
     * BGR order (as the model was trained with OpenCV; measured here, real photos score higher so than in RGB).
     */
    private double liveness(BufferedImage image, Face face) throws OrtException {
        int[] crop = scaledCrop(image, (int) face.x1(), (int) face.y1(),
                (int) Math.abs(face.x2() - face.x1()), (int) Math.abs(face.y2() - face.y1()), LIVENESS_CROP_SCALE);
        BufferedImage small = FaceImages.cropResize(image, crop[0], crop[1], crop[2], crop[3], LIVENESS_SIZE, LIVENESS_SIZE);
        float[] input = planes(small, Channels.BGR, 1f, 0f);
        float[] logits;
        try (OnnxTensor tensor = tensor(input, 3, LIVENESS_SIZE, LIVENESS_SIZE); OrtSession.Result result = liveness.run(Map.of("input", tensor))) {
            logits = flat(result, "output");
        }
        return softmax(logits)[LIVE_CLASS];
    }

    /** Which of the liveness model's three outputs is "live" (the package reads index 0; real photos score there). */
    static final int LIVE_CLASS = 0;

    private enum Channels { RGB, BGR }

    /** NCHW planes of an image, each value {@code p * scale + offset}. */
    private static float[] planes(BufferedImage image, Channels order, float scale, float offset) {
        int w = image.getWidth();
        int h = image.getHeight();
        int plane = w * h;
        float[] out = new float[3 * plane];
        int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
        int first = order == Channels.RGB ? 0 : 2;
        int last = 2 - first;
        for (int i = 0; i < plane; i++) {
            int p = pixels[i];
            out[first * plane + i] = (p >> 16 & 0xff) * scale + offset;
            out[plane + i] = (p >> 8 & 0xff) * scale + offset;
            out[last * plane + i] = (p & 0xff) * scale + offset;
        }
        return out;
    }

    /**
     * The box scaled about its centre by {@code scale} (at most what the image holds), shifted back
     * inside the image: (x, y, w, h), as the package's alignLivenessImage/alignLandmarkImage.
     */
    private static int[] scaledCrop(BufferedImage image, int x, int y, int boxW, int boxH, double scaleValue) {
        int srcW = image.getWidth();
        int srcH = image.getHeight();
        double scale = Math.min((srcH - 1) / (double) Math.max(boxH, 1), Math.min((srcW - 1) / (double) Math.max(boxW, 1), scaleValue));
        double newW = boxW * scale;
        double newH = boxH * scale;
        double cx = boxW / 2.0 + x;
        double cy = boxH / 2.0 + y;
        double left = cx - newW / 2;
        double top = cy - newH / 2;
        double right = cx + newW / 2;
        double bottom = cy + newH / 2;
        if (left < 0) {
            right -= left;
            left = 0;
        }
        if (top < 0) {
            bottom -= top;
            top = 0;
        }
        if (right > srcW - 1) {
            left -= right - srcW + 1;
            right = srcW - 1;
        }
        if (bottom > srcH - 1) {
            top -= bottom - srcH + 1;
            bottom = srcH - 1;
        }
        int cropX = Math.max((int) left, 0);
        int cropY = Math.max((int) top, 0);
        int cropW = Math.max(1, Math.min((int) (right - left), srcW - cropX));
        int cropH = Math.max(1, Math.min((int) (bottom - top), srcH - cropY));
        return new int[] {cropX, cropY, cropW, cropH};
    }

    /** Greedy non-maximum suppression by score: a box overlapping a kept one by IoU ≥ 0.4 is the same face. */
    private static List<float[]> suppressOverlaps(List<float[]> candidates) {
        candidates.sort((a, b) -> Float.compare(b[4], a[4]));
        List<float[]> kept = new ArrayList<>();
        for (float[] box : candidates) {
            if (box[2] <= box[0] || box[3] <= box[1]) {
                continue;
            }
            boolean overlaps = false;
            for (float[] k : kept) {
                if (iou(box, k) >= NMS_IOU) {
                    overlaps = true;
                    break;
                }
            }
            if (!overlaps) {
                kept.add(box);
            }
        }
        return kept;
    }

    private static float iou(float[] a, float[] b) {
        float w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
        float h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
        float inter = w * h;
        float union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /** A detection in photo pixels, made square on its height about its centre and clipped (the package's scaleResult). */
    private static Face square(float[] box, int width, int height) {
        float x1 = box[0] * width;
        float y1 = box[1] * height;
        float x2 = box[2] * width;
        float y2 = box[3] * height;
        float size = y2 - y1;
        float cx = (x1 + x2) / 2;
        float cy = (y1 + y2) / 2;
        return new Face(Math.max(0, cx - size / 2), Math.max(0, cy - size / 2),
                Math.min(width - 1, cx + size / 2), Math.min(height - 1, cy + size / 2), box[4]);
    }

    /** The affine map taking three points exactly onto three others (OpenCV's getAffineTransform). */
    static AffineTransform affine(double[][] from, double[][] to) {
        AffineTransform source = new AffineTransform(
                from[1][0] - from[0][0], from[1][1] - from[0][1],
                from[2][0] - from[0][0], from[2][1] - from[0][1],
                from[0][0], from[0][1]);
        AffineTransform target = new AffineTransform(
                to[1][0] - to[0][0], to[1][1] - to[0][1],
                to[2][0] - to[0][0], to[2][1] - to[0][1],
                to[0][0], to[0][1]);
        try {
            // source maps the unit triangle onto the face's points, target onto the reference points.
            target.concatenate(source.createInverse());
        } catch (java.awt.geom.NoninvertibleTransformException degenerate) {
            throw new IllegalArgumentException("the landmarks are collinear", degenerate);
        }
        return target;
    }

    private static double[] mean(double[][] points, int... indices) {
        double x = 0;
        double y = 0;
        for (int i : indices) {
            x += points[i][0];
            y += points[i][1];
        }
        return new double[] {x / indices.length, y / indices.length};
    }

    static float[] normalised(float[] v) {
        double sum = 0;
        for (float f : v) {
            sum += f * f;
        }
        double norm = Math.sqrt(sum);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = norm == 0 ? 0 : (float) (v[i] / norm);
        }
        return out;
    }

    private static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        double[] out = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = Math.exp(logits[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= sum;
        }
        return out;
    }

    private OnnxTensor tensor(float[] data, int channels, int height, int width) throws OrtException {
        return OnnxTensor.createTensor(environment, FloatBuffer.wrap(data), new long[] {1, channels, height, width});
    }

    private static float[] flat(OrtSession.Result result, String name) throws OrtException {
        // The result owns its tensors (closed with it).
        OnnxTensor tensor = (OnnxTensor) result.get(name).orElseThrow(() -> new IllegalStateException("no output " + name));
        FloatBuffer buffer = tensor.getFloatBuffer();
        float[] out = new float[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    private OrtSession load(String name, int threads) throws OrtException {
        byte[] model = resource(name);
        String digest = ContentHash.sha256Hex(model);
        if (!digest.equals(MODELS.get(name))) {
            throw new IllegalStateException(name + " is not the vendored model (SHA-256 " + digest + ")");
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return environment.createSession(model, options);
        }
    }

    static byte[] resource(String name) {
        try (InputStream in = FacePipeline.class.getResourceAsStream("/face/" + name)) {
            if (in == null) {
                throw new IllegalStateException("face model " + name + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws OrtException {
        detect.close();
        landmark.close();
        feature.close();
        liveness.close();
    }
}
