package org.fedmed.learn.train;

import java.util.Arrays;
import java.util.Random;
import org.fedmed.core.training.Augmentation;

/**
 * Applies an {@link Augmentation} to a batch of images stored example after example as
 * {@code [channels, height, width]} floats. Each example draws its own flip, shift, angle and gain
 * from the given {@link Random}, in example order, so a seed gives the same images every time.
 *
 * <p>Every output pixel is read back from the source image: mirror, then rotation about the centre,
 * then shift, sampled bilinearly with the edge repeated outside the image. Without rotation every
 * source position is a whole pixel, so flips and shifts move values exactly. Gain multiplies the
 * result. Labels are not touched.
 */
public final class ImageAugmenter {

    private final Augmentation augmentation;
    private final int channels;
    private final int height;
    private final int width;

    /** @param imageShape one example's shape, {@code [channels, height, width]} */
    public ImageAugmenter(Augmentation augmentation, int[] imageShape) {
        if (imageShape.length != 3) {
            throw new IllegalArgumentException("augmentation needs image input [channels, height, width], got "
                    + Arrays.toString(imageShape));
        }
        this.augmentation = augmentation;
        this.channels = imageShape[0];
        this.height = imageShape[1];
        this.width = imageShape[2];
        if (2 * augmentation.shift() >= Math.min(height, width)) {
            throw new IllegalArgumentException("augmentation shift:" + augmentation.shift() + " is too large for "
                    + height + "x" + width + " images (at most " + ((Math.min(height, width) - 1) / 2) + " pixels)");
        }
    }

    /** A transformed copy of {@code features} (n examples); {@code features} is left as it is. */
    public float[] apply(float[] features, Random random) {
        int size = channels * height * width;
        if (features.length % size != 0) {
            throw new IllegalArgumentException(features.length + " values are not whole images of " + size);
        }
        float[] out = new float[features.length];
        for (int offset = 0; offset < features.length; offset += size) {
            boolean mirror = augmentation.flip() && random.nextBoolean();
            int dx = augmentation.shift() > 0 ? random.nextInt(2 * augmentation.shift() + 1) - augmentation.shift() : 0;
            int dy = augmentation.shift() > 0 ? random.nextInt(2 * augmentation.shift() + 1) - augmentation.shift() : 0;
            double angle = augmentation.rotate() > 0 ? Math.toRadians((2 * random.nextDouble() - 1) * augmentation.rotate()) : 0;
            float gain = augmentation.gain() > 0 ? (float) (1 + (2 * random.nextDouble() - 1) * augmentation.gain()) : 1f;
            transform(features, out, offset, mirror, dx, dy, angle, gain);
        }
        return out;
    }

    private void transform(float[] in, float[] out, int offset, boolean mirror, int dx, int dy, double angle, float gain) {
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double cy = (height - 1) / 2.0;
        double cx = (width - 1) / 2.0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                // undo the shift, then the rotation, then the mirror: where this output pixel comes from
                double ux = x - dx - cx;
                double uy = y - dy - cy;
                double sx = angle == 0 ? ux + cx : cos * ux + sin * uy + cx;
                double sy = angle == 0 ? uy + cy : -sin * ux + cos * uy + cy;
                if (mirror) {
                    sx = width - 1 - sx;
                }
                for (int c = 0; c < channels; c++) {
                    int plane = offset + c * height * width;
                    out[plane + y * width + x] = gain * sample(in, plane, sx, sy);
                }
            }
        }
    }

    /** Bilinear sample at (sx, sy), the edge repeated outside; exact at whole-pixel positions. */
    private float sample(float[] in, int plane, double sx, double sy) {
        double fx = Math.floor(sx);
        double fy = Math.floor(sy);
        double ax = sx - fx;
        double ay = sy - fy;
        int x0 = clamp((int) fx, width);
        int y0 = clamp((int) fy, height);
        float v00 = in[plane + y0 * width + x0];
        if (ax == 0 && ay == 0) {
            return v00;
        }
        int x1 = clamp((int) fx + 1, width);
        int y1 = clamp((int) fy + 1, height);
        double top = v00 * (1 - ax) + in[plane + y0 * width + x1] * ax;
        double bottom = in[plane + y1 * width + x0] * (1 - ax) + in[plane + y1 * width + x1] * ax;
        return (float) (top * (1 - ay) + bottom * ay);
    }

    private static int clamp(int v, int size) {
        return v < 0 ? 0 : v >= size ? size - 1 : v;
    }
}
