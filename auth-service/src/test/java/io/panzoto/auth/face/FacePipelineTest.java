package io.panzoto.auth.face;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.crypto.ContentHash;
import io.panzoto.testing.FacePhotos;
import io.panzoto.testing.FacePhotos.Person;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The inference pipeline on the vendored models and photos, without the service around it. */
class FacePipelineTest {
    private static FacePipeline pipeline;

    @BeforeAll
    static void load() {
        pipeline = new FacePipeline(1);
    }

    @AfterAll
    static void close() throws Exception {
        pipeline.close();
    }

    @Test
    void theVendoredModelsAreTheOnesMeasured() {
        assertEquals(4, FacePipeline.MODELS.size());
        for (Map.Entry<String, String> model : FacePipeline.MODELS.entrySet()) {
            assertEquals(model.getValue(), ContentHash.sha256Hex(FacePipeline.resource(model.getKey())), model.getKey());
        }
        assertEquals("87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581", FacePipeline.MODELS.get("fr_feature.onnx"));
    }

    @Test
    void findsEveryFaceOfAGroupAndNoneInAGradient() throws Exception {
        assertEquals(3, pipeline.detect(image(FacePhotos.group(1))).size());
        assertEquals(5, pipeline.detect(image(FacePhotos.group(5))).size());
        assertEquals(0, pipeline.detect(image(FacePhotos.noFace())).size());
        FacePipeline.Face face = pipeline.detect(image(FacePhotos.photo(Person.S1C, 0))).get(0);
        assertTrue(face.confidence() > 0.9);
        assertEquals(face.width(), face.height(), 1.0, "boxes are squared on their height");
    }

    @Test
    void theSamePersonScoresHighAndOthersLow() throws Exception {
        float[] a0 = embedding(FacePhotos.photo(Person.S1C, 0));
        float[] a2 = embedding(FacePhotos.photo(Person.S1C, 2));
        float[] b0 = embedding(FacePhotos.photo(Person.S3B, 0));
        float[] c0 = embedding(FacePhotos.photo(Person.S5B, 0));
        assertTrue(FacePipeline.similarity(a0, a2) > 0.8, "same person: " + FacePipeline.similarity(a0, a2));
        assertTrue(FacePipeline.similarity(a0, b0) < 0.45, "different people: " + FacePipeline.similarity(a0, b0));
        assertTrue(FacePipeline.similarity(b0, c0) < 0.45, "different people: " + FacePipeline.similarity(b0, c0));
        assertEquals(1.0, FacePipeline.similarity(a0, a0), 1e-6);
        assertEquals(1.0, Math.sqrt(dot(a0, a0)), 1e-5, "embeddings are unit length");
    }

    @Test
    void aTemplateIsTheUnitMeanOfItsEmbeddings() {
        float[] template = FaceTemplates.average(java.util.List.of(new float[] {1, 0}, new float[] {0, 1}));
        assertArrayEquals(new float[] {(float) Math.sqrt(0.5), (float) Math.sqrt(0.5)}, template, 1e-6f);
    }

    @Test
    void theAlignmentMapsTheThreePointsExactly() {
        double[][] from = {{10, 20}, {50, 22}, {30, 45}};
        double[][] to = {{38.29, 51.69}, {73.53, 51.50}, {56.02, 71.73}};
        AffineTransform map = FacePipeline.affine(from, to);
        for (int i = 0; i < 3; i++) {
            double[] out = new double[2];
            map.transform(from[i], 0, out, 0, 1);
            assertArrayEquals(to[i], out, 1e-9);
        }
        assertThrows(IllegalArgumentException.class, () -> FacePipeline.affine(new double[][] {{0, 0}, {1, 1}, {2, 2}}, to));
    }

    @Test
    void decodingRefusesWhatIsNotAPhotoAndHugeClaimedSizesBeforeDecoding() throws Exception {
        assertTrue(FaceImages.decode("GIF89a not really".getBytes()).isEmpty());
        byte[] jpeg = FacePhotos.photo(Person.S1C, 0);
        assertTrue(FaceImages.decode(Arrays.copyOf(jpeg, 40)).isEmpty(), "a truncated header");
        BufferedImage gif = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(gif, "gif", out);
        assertTrue(FaceImages.decode(out.toByteArray()).isEmpty(), "only JPEG and PNG");
        // 48 megapixels of one bit each: a small file whose pixels would take 192 MB as RGB.
        BufferedImage huge = new BufferedImage(8000, 6000, BufferedImage.TYPE_BYTE_BINARY);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(huge, "png", png);
        assertTrue(png.size() < 1 << 20);
        assertThrows(FaceImages.TooLarge.class, () -> FaceImages.decode(png.toByteArray()));
    }

    private static float[] embedding(byte[] photo) throws Exception {
        BufferedImage image = image(photo);
        return pipeline.analyse(image, pipeline.detect(image).get(0)).embedding();
    }

    private static BufferedImage image(byte[] bytes) throws Exception {
        return FaceImages.decode(bytes).orElseThrow();
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
