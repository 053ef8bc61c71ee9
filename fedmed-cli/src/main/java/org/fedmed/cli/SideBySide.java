package org.fedmed.cli;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Two grayscale images in [0, 1] as one PNG, side by side, enlarged so a 28×28 image can be seen. */
final class SideBySide {

    static final int SCALE = 4;
    /** White columns between the two images. */
    static final int GAP = 4;

    private SideBySide() {
    }

    static byte[] png(float[] left, float[] right, int width, int height) {
        BufferedImage img = new BufferedImage(2 * width * SCALE + GAP, height * SCALE, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height * SCALE; y++) {
            for (int x = 0; x < GAP; x++) {
                img.getRaster().setSample(width * SCALE + x, y, 0, 255);
            }
        }
        draw(img, left, width, height, 0);
        draw(img, right, width, height, width * SCALE + GAP);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void draw(BufferedImage img, float[] pixels, int width, int height, int left) {
        for (int y = 0; y < height * SCALE; y++) {
            for (int x = 0; x < width * SCALE; x++) {
                float v = pixels[(y / SCALE) * width + x / SCALE];
                int gray = Math.round(255 * Math.min(1f, Math.max(0f, v)));
                img.getRaster().setSample(left + x, y, 0, gray);
            }
        }
    }
}
