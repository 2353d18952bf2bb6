package io.panzoto.testing;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.RescaleOp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;

/**
 * Test photos for the face routes, from the vendored group photos of {@code @vladmandic/face-api}'s demo
 * (MIT; resources/face-photos/README.md): 22 people, each cut out as a single-face portrait, and for each
 * person five "photos" — the portrait and four renditions of it (mirrored; rotated 8° and shrunk to 60 %
 * through JPEG; a wider, darker, off-centre crop; brighter at 45 %), since the demo has one picture of
 * each. The group photos themselves show several faces.
 */
public final class FacePhotos {
    /** The people: a group photo and the face's box there (left, top, size in pixels, from the detector). */
    public enum Person {
        S1A(1, 390, 360, 237), S1B(1, 824, 433, 220), S1C(1, 1466, 215, 212),
        S2A(2, 306, 124, 289), S2B(2, 1427, 161, 233), S2C(2, 862, 224, 228),
        S3A(3, 1034, 202, 307), S3B(3, 1457, 300, 271), S3C(3, 556, 334, 265),
        S4A(4, 220, 191, 252), S4B(4, 630, 61, 247), S4C(4, 952, 183, 246), S4D(4, 1230, 152, 240),
        S5A(5, 1363, 385, 276), S5B(5, 326, 891, 274), S5C(5, 556, 414, 259), S5D(5, 1088, 212, 217), S5E(5, 766, 113, 214),
        S6A(6, 603, 325, 310), S6B(6, 1448, 267, 288), S6C(6, 219, 485, 277), S6D(6, 1129, 312, 268);

        final int photo;
        final int left;
        final int top;
        final int size;

        Person(int photo, int left, int top, int size) {
            this.photo = photo;
            this.left = left;
            this.top = top;
            this.size = size;
        }
    }

    /** Renditions per person: 0 is the portrait itself. */
    public static final int RENDITIONS = 5;

    private static final Map<Integer, BufferedImage> GROUPS = new ConcurrentHashMap<>();

    private FacePhotos() {
    }

    /** A group photo as sent: a JPEG with several faces (1: three people). */
    public static byte[] group(int photo) {
        try (InputStream in = FacePhotos.class.getResourceAsStream("/face-photos/sample" + photo + ".jpg")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rendition {@code n} (0 to 4) of a person, as JPEG bytes. */
    public static byte[] photo(Person person, int n) {
        BufferedImage portrait = crop(person, 1.9, 0, 0.1);
        BufferedImage image = switch (n) {
            case 0 -> portrait;
            case 1 -> mirrored(portrait);
            case 2 -> jpegRoundTrip(scaled(rotated(portrait, 8), 0.6));
            case 3 -> lighter(crop(person, 2.4, 0.15, 0.2), 0.7f, 10f);
            case 4 -> scaled(lighter(portrait, 1.25f, -20f), 0.45);
            default -> throw new IllegalArgumentException("rendition " + n);
        };
        return jpeg(image);
    }

    /** The portrait as a phone camera sends it: 3000×4000 pixels, JPEG (larger than any plain JSON route takes). */
    public static byte[] phoneSized(Person person) {
        BufferedImage portrait = crop(person, 1.9, 0, 0.1);
        BufferedImage phone = new BufferedImage(3000, 4000, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = phone.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(portrait, 0, 0, 3000, 4000, null);
        g.dispose();
        return jpeg(phone);
    }

    /** A photo with no face in it: a smooth gradient, as a PNG. */
    public static byte[] noFace() {
        BufferedImage image = new BufferedImage(480, 360, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, (x * 255 / 480) << 16 | (y * 255 / 360) << 8 | 128);
            }
        }
        return encode(image, "png");
    }

    public static List<Person> people() {
        return List.of(Person.values());
    }

    private static BufferedImage crop(Person person, double scale, double shiftX, double shiftY) {
        BufferedImage group = GROUPS.computeIfAbsent(person.photo, n -> read(group(n)));
        double side = person.size * scale;
        double centreX = person.left + person.size / 2.0 + shiftX * person.size;
        double centreY = person.top + person.size / 2.0 + shiftY * person.size;
        int x = (int) Math.max(0, centreX - side / 2);
        int y = (int) Math.max(0, centreY - side / 2);
        int w = (int) Math.min(group.getWidth() - x, side);
        int h = (int) Math.min(group.getHeight() - y, side * 1.2);
        return copy(group.getSubimage(x, y, w, h));
    }

    private static BufferedImage copy(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return out;
    }

    private static BufferedImage mirrored(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(image, image.getWidth(), 0, -image.getWidth(), image.getHeight(), null);
        g.dispose();
        return out;
    }

    private static BufferedImage rotated(BufferedImage image, double degrees) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.rotate(Math.toRadians(degrees), image.getWidth() / 2.0, image.getHeight() / 2.0);
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return out;
    }

    private static BufferedImage scaled(BufferedImage image, double factor) {
        int w = (int) (image.getWidth() * factor);
        int h = (int) (image.getHeight() * factor);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static BufferedImage lighter(BufferedImage image, float factor, float offset) {
        return new RescaleOp(factor, offset, null).filter(image, null);
    }

    private static BufferedImage jpegRoundTrip(BufferedImage image) {
        return read(jpeg(image));
    }

    private static byte[] jpeg(BufferedImage image) {
        return encode(image, "jpg");
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static BufferedImage read(byte[] bytes) {
        try {
            return ImageIO.read(new java.io.ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
