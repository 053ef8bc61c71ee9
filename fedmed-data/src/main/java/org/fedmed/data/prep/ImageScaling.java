package org.fedmed.data.prep;

import java.util.Locale;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.data.read.ImageSet;

/**
 * Turns uint8 grayscale images into model input of shape [1, height, width]: each pixel is scaled
 * to [0, 1] (x / 255) and then optionally normalized as {@code (x - mean) / std} with a mean and
 * std fitted on training pixels. The identity normalization (mean 0, std 1) keeps plain [0, 1].
 *
 * @param mean subtracted after scaling to [0, 1]
 * @param std  divisor after subtracting the mean, &gt; 0
 */
public record ImageScaling(double mean, double std) {

    /** Plain [0, 1] scaling. */
    public static final ImageScaling UNIT = new ImageScaling(0, 1);

    public ImageScaling {
        if (!Double.isFinite(mean) || !(std > 0) || !Double.isFinite(std)) {
            throw new IllegalArgumentException("need a finite mean and positive std, got " + mean + ", " + std);
        }
    }

    /** Mean and std of the [0, 1]-scaled pixels of the training images {@code rows}. */
    public static ImageScaling fit(ImageSet train, int[] rows) {
        int px = train.pixelsPerImage();
        double sum = 0;
        double sumSq = 0;
        for (int r : rows) {
            for (int p = r * px, end = p + px; p < end; p++) {
                double x = (train.pixels()[p] & 0xFF) / 255.0;
                sum += x;
                sumSq += x * x;
            }
        }
        double n = (double) rows.length * px;
        if (n == 0) {
            throw new IllegalArgumentException("no training images to fit on");
        }
        double mean = sum / n;
        double std = Math.sqrt(Math.max(sumSq / n - mean * mean, 0));
        return new ImageScaling(mean, std > 1e-12 ? std : 1.0);
    }

    /** The images {@code rows} as samples of shape [1, height, width]. */
    public LabeledSamples apply(ImageSet images, int[] rows) {
        int px = images.pixelsPerImage();
        float[] out = new float[rows.length * px];
        int[] labels = new int[rows.length];
        byte[] pixels = images.pixels();
        for (int i = 0; i < rows.length; i++) {
            int from = rows[i] * px;
            for (int p = 0; p < px; p++) {
                out[i * px + p] = (float) (((pixels[from + p] & 0xFF) / 255.0 - mean) / std);
            }
            labels[i] = images.labels()[rows[i]];
        }
        return new LabeledSamples(new int[] {1, images.height(), images.width()}, out, labels, images.classNames());
    }

    public String describe() {
        return mean == 0 && std == 1 ? "uint8 pixels scaled to [0,1] (x/255)"
                : String.format(Locale.ROOT, "uint8 pixels scaled to [0,1] (x/255), then (x - %.4f) / %.4f"
                        + " with mean/std of the training pixels", mean, std);
    }
}
