package io.panzoto.diary.media;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * A uce photo's thumbnail: at most 320 px on its long side, JPEG, with the JDK's ImageIO (JPEG, PNG,
 * GIF, BMP): enough for a list view, and no library to keep. The photo is decoded subsampled, so a
 * 12 MP photo costs a few megabytes, not fifty; one whose header claims more than 100 MP, or that
 * cannot be read, simply has none.
 */
final class Thumbnails {
    static final int LONG_SIDE = 320;
    private static final long MAX_PIXELS = 100_000_000L;

    private Thumbnails() {
    }

    static Optional<byte[]> of(InputStream photo) throws IOException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(photo)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if ((long) width * height > MAX_PIXELS) {
                    return Optional.empty();
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int step = Math.max(1, Math.max(width, height) / (LONG_SIDE * 2));
                param.setSourceSubsampling(step, step, 0, 0);
                return Optional.of(jpeg(scaled(reader.read(0, param))));
            } catch (IOException | RuntimeException unreadable) {
                return Optional.empty();
            } finally {
                reader.dispose();
            }
        }
    }

    private static BufferedImage scaled(BufferedImage image) {
        double factor = Math.min(1.0, (double) LONG_SIDE / Math.max(image.getWidth(), image.getHeight()));
        int w = Math.max(1, (int) Math.round(image.getWidth() * factor));
        int h = Math.max(1, (int) Math.round(image.getHeight() * factor));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }
}
