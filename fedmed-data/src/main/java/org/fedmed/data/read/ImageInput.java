package org.fedmed.data.read;

import java.util.Locale;

/**
 * What an image study (a folder of DICOM files at each hospital) asks of every image: the model's
 * input size, the modality and view the study is about, and optionally the VOI window every site
 * applies instead of each file's own.
 *
 * @param height       rows of the model input
 * @param width        columns of the model input
 * @param modality     DICOM Modality (0008,0060) the study expects, e.g. {@code CR}; null = any
 * @param view         DICOM View Position (0018,5101) the study expects, e.g. {@code PA}; null = any
 * @param windowCenter VOI window centre in rescaled units, or NaN: each file's own window (else its range)
 * @param windowWidth  VOI window width (&gt;= 1) with {@code windowCenter}, or NaN
 */
public record ImageInput(int height, int width, String modality, String view, double windowCenter, double windowWidth) {

    /** The input of the bundled 28x28 image models ({@code cnn}, {@code resnet}). */
    public static final ImageInput DEFAULT = new ImageInput(28, 28, null, null, Double.NaN, Double.NaN);

    /**
     * Most pixels an image study's input may have: each is a column of the statistics step, which carries
     * at most 10,000 (so a coordinator cannot make a node render huge images either).
     */
    public static final int MAX_PIXELS = 10_000;

    public ImageInput {
        if (height < 1 || width < 1 || (long) height * width > MAX_PIXELS) {
            throw new IllegalArgumentException("image size must be at least 1x1 and at most " + MAX_PIXELS + " pixels (e.g."
                    + " 100x100), got " + height + "x" + width);
        }
        modality = blankToNull(modality);
        view = blankToNull(view);
        if (Double.isNaN(windowCenter) != Double.isNaN(windowWidth)) {
            throw new IllegalArgumentException("a window needs both its centre and its width");
        }
        if (!Double.isNaN(windowWidth) && !(windowWidth >= 1 && Double.isFinite(windowWidth) && Double.isFinite(windowCenter))) {
            throw new IllegalArgumentException("window width must be at least 1 with a finite centre, got " + windowWidth);
        }
    }

    /** Whether the study fixes the window (otherwise each file's own). */
    public boolean hasWindow() {
        return !Double.isNaN(windowCenter);
    }

    /** Pixels per image: the table's columns. */
    public int pixels() {
        return height * width;
    }

    /** The model input shape {@code [1, height, width]}. */
    public int[] shape() {
        return new int[] {1, height, width};
    }

    /** The column name of pixel {@code i} (row-major). */
    public static String column(int i) {
        return String.format(Locale.ROOT, "px%04d", i);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
