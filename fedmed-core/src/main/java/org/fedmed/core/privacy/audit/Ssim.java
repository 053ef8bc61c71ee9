package org.fedmed.core.privacy.audit;

/**
 * Structural similarity of two grayscale images (Wang, Bovik, Sheikh and Simoncelli 2004, "Image
 * quality assessment: from error visibility to structural similarity"), with the paper's settings:
 * an 11×11 Gaussian window of σ = 1.5 (normalised to sum 1), K1 = 0.01, K2 = 0.03, and per window
 *
 * <pre>  SSIM = (2·μa·μb + C1)(2·σab + C2) / ((μa² + μb² + C1)(σa² + σb² + C2)),  C1 = (K1·R)², C2 = (K2·R)²</pre>
 *
 * with weighted means, variances and covariance. Boundary rule: only windows lying wholly inside
 * the image count (the paper's "valid" filtering), and the result is their mean. Images smaller than
 * the window are refused. 1 for identical images, about 0 for unrelated ones, negative for
 * anti-correlated structure; symmetric in its two arguments.
 */
public final class Ssim {

    public static final int WINDOW = 11;
    public static final double SIGMA = 1.5;
    public static final double K1 = 0.01;
    public static final double K2 = 0.03;

    private static final double[] KERNEL = gaussian();

    private Ssim() {
    }

    /** Mean SSIM of {@code b} against {@code a}, both row-major {@code height}×{@code width}, for data range {@code range}. */
    public static double of(float[] a, float[] b, int width, int height, double range) {
        if (a.length != b.length || a.length != (long) width * height) {
            throw new IllegalArgumentException("images must both have " + width + "x" + height + " pixels, got " + a.length
                    + " and " + b.length);
        }
        if (width < WINDOW || height < WINDOW) {
            throw new IllegalArgumentException("SSIM needs images of at least " + WINDOW + "x" + WINDOW + " pixels, got "
                    + width + "x" + height);
        }
        if (!(range > 0) || Double.isInfinite(range)) {
            throw new IllegalArgumentException("data range must be positive and finite, got " + range);
        }
        double c1 = (K1 * range) * (K1 * range);
        double c2 = (K2 * range) * (K2 * range);
        double sum = 0;
        int windows = 0;
        for (int top = 0; top + WINDOW <= height; top++) {
            for (int left = 0; left + WINDOW <= width; left++) {
                double ma = 0;
                double mb = 0;
                double aa = 0;
                double bb = 0;
                double ab = 0;
                for (int y = 0; y < WINDOW; y++) {
                    int row = (top + y) * width + left;
                    for (int x = 0; x < WINDOW; x++) {
                        double w = KERNEL[y] * KERNEL[x];
                        double va = a[row + x];
                        double vb = b[row + x];
                        ma += w * va;
                        mb += w * vb;
                        aa += w * va * va;
                        bb += w * vb * vb;
                        ab += w * va * vb;
                    }
                }
                double varA = aa - ma * ma;
                double varB = bb - mb * mb;
                double cov = ab - ma * mb;
                sum += (2 * ma * mb + c1) * (2 * cov + c2) / ((ma * ma + mb * mb + c1) * (varA + varB + c2));
                windows++;
            }
        }
        return sum / windows;
    }

    /** The separable 1-D factor of the window: the 2-D weights are products of two, and sum to 1. */
    private static double[] gaussian() {
        double[] k = new double[WINDOW];
        double total = 0;
        int mid = WINDOW / 2;
        for (int i = 0; i < WINDOW; i++) {
            k[i] = Math.exp(-((i - mid) * (i - mid)) / (2 * SIGMA * SIGMA));
            total += k[i];
        }
        for (int i = 0; i < WINDOW; i++) {
            k[i] /= total;
        }
        return k;
    }
}
