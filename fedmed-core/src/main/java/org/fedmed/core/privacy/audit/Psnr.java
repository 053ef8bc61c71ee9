package org.fedmed.core.privacy.audit;

/**
 * Peak signal-to-noise ratio between a reference image and a reconstruction, in dB:
 * 10·log10(R² / MSE) for data range R (1 for pixels in [0, 1]). Identical images have MSE 0 and
 * PSNR +∞ (no cap). The usual yardstick of gradient-inversion papers (Geiping et al. 2020).
 */
public final class Psnr {

    private Psnr() {
    }

    /** PSNR of {@code b} against {@code a} (same length, any layout) for data range {@code range}. */
    public static double of(float[] a, float[] b, double range) {
        double mse = meanSquaredError(a, b);
        if (!(range > 0) || Double.isInfinite(range)) {
            throw new IllegalArgumentException("data range must be positive and finite, got " + range);
        }
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(range * range / mse);
    }

    /** Mean of the squared pixel differences. */
    public static double meanSquaredError(float[] a, float[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("images must be non-empty and of equal size, got " + a.length + " and " + b.length + " pixels");
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return sum / a.length;
    }
}
