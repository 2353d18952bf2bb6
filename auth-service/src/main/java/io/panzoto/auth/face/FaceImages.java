package io.panzoto.auth.face;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Photo decoding and the pixel work the models need (crop, resize, affine warp), with the JDK's
 * ImageIO and Java2D: JPEG and PNG, which is what phones and browsers send. The dimensions are read
 * from the header before any pixel is decoded, so a small file that claims a huge image (a
 * decompression bomb) is refused without allocating it.
 */
final class FaceImages {
    /** 40 megapixels: above any phone camera's photo, far below what would exhaust the heap. */
    static final long MAX_PIXELS = 40_000_000L;
    private static final int DECODE_LONG_SIDE = 1600;

    private FaceImages() {
    }

    /** The photo as RGB pixels, or empty when the bytes are not a JPEG/PNG image this service accepts. */
    static Optional<BufferedImage> decode(byte[] bytes) throws TooLarge {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            if (in == null) {
                return Optional.empty();
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toLowerCase();
                if (!format.equals("jpeg") && !format.equals("png")) {
                    return Optional.empty();
                }
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new TooLarge(pixels);
                }
                // The models see at most 320 px of the photo and faces of ~112 px: a 12 MP phone photo is
                // decoded subsampled to about 1,600 px on its long side, several times faster (docs/benchmarks.md).
                ImageReadParam param = reader.getDefaultReadParam();
                int step = Math.max(1, Math.max(reader.getWidth(0), reader.getHeight(0)) / DECODE_LONG_SIDE);
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage decoded = reader.read(0, param);
                return Optional.of(toRgb(decoded));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException unreadable) {
            // A truncated or corrupt file: ImageIO throws IIOException or, for some corruptions, runtime exceptions.
            return Optional.empty();
        }
    }

    static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    /** The region (x, y, w, h) of an image scaled to w×h with bilinear interpolation (OpenCV's default resize). */
    static BufferedImage cropResize(BufferedImage image, int x, int y, int w, int h, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, width, height, x, y, x + w, y + h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** The image mapped through {@code transform} onto a width×height canvas (OpenCV's warpAffine, bilinear). */
    static BufferedImage warp(BufferedImage image, AffineTransform transform, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, transform, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** A claimed size above {@link #MAX_PIXELS}. */
    static final class TooLarge extends Exception {
        TooLarge(long pixels) {
            super("the image has " + pixels + " pixels; at most " + MAX_PIXELS + " are accepted");
        }
    }
}
