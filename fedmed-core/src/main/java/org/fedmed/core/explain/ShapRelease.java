package org.fedmed.core.explain;

import java.util.List;
import org.fedmed.core.privacy.mechanism.GaussianNoise;

/**
 * What a site lets leave of its SHAP values: the mean |φ| per feature over its explained rows. Under
 * DP each row's |φ| vector is first clipped to L2 norm C, so adding or removing one row moves the
 * sum by at most C, and the sum gets Gaussian noise of standard deviation σC per feature (the
 * Gaussian mechanism). For record-level DP the rows are drawn by Poisson sampling and the noisy sum
 * is divided by the expected count ({@link #noisySumAbs}), so the count drawn is never released;
 * {@link #siteLevelNoisyMeanAbs} protects a whole site instead. Either holds only when each row's φ
 * depends on no other private row, so under DP the background must be a public reference row.
 */
public final class ShapRelease {

    private ShapRelease() {
    }

    /** The clear mean |φ| per feature. */
    public static double[] meanAbs(List<double[]> shap) {
        return release(shap, Double.POSITIVE_INFINITY, 0, null);
    }

    /**
     * The mean of the clipped |φ| rows, with N(0, (σC)²) added to each feature's sum first.
     *
     * @param clip            C, the L2 bound on each row's |φ| vector
     * @param noiseMultiplier σ, in units of C
     */
    public static double[] noisyMeanAbs(List<double[]> shap, double clip, double noiseMultiplier, GaussianNoise noise) {
        checkDp(clip, noiseMultiplier);
        return release(shap, clip, noiseMultiplier, noise);
    }

    /**
     * As {@link #noisyMeanAbs} but protecting the whole site (client-level DP): the mean of the clipped
     * rows has norm at most C whatever the site's rows, so the noise σC goes on the mean itself.
     */
    public static double[] siteLevelNoisyMeanAbs(List<double[]> shap, double clip, double noiseMultiplier, GaussianNoise noise) {
        return noisyMeanAbs(shap, clip, noiseMultiplier * shap.size(), noise);
    }

    /**
     * The sum of the clipped |φ| rows with N(0, (σC)²) added to each feature: what a site releases when
     * its rows were drawn by Poisson sampling (it then divides by the expected count, not the drawn one).
     */
    public static double[] noisySumAbs(List<double[]> shap, int features, double clip, double noiseMultiplier, GaussianNoise noise) {
        checkDp(clip, noiseMultiplier);
        double[] sum = sum(shap, features, clip);
        for (int j = 0; j < features; j++) {
            sum[j] += noise.next(noiseMultiplier * clip);
        }
        return sum;
    }

    private static void checkDp(double clip, double noiseMultiplier) {
        if (!(clip > 0) || !Double.isFinite(clip)) {
            throw new IllegalArgumentException("the SHAP clip norm must be a positive number, got " + clip);
        }
        if (!(noiseMultiplier > 0) || !Double.isFinite(noiseMultiplier)) {
            throw new IllegalArgumentException("the SHAP noise multiplier must be a positive number, got " + noiseMultiplier);
        }
    }

    private static double[] release(List<double[]> shap, double clip, double noiseMultiplier, GaussianNoise noise) {
        if (shap.isEmpty()) {
            throw new IllegalArgumentException("no explained rows");
        }
        int m = shap.get(0).length;
        double[] sum = noise == null ? sum(shap, m, clip) : noisySumAbs(shap, m, clip, noiseMultiplier, noise);
        for (int j = 0; j < m; j++) {
            sum[j] /= shap.size();
        }
        return sum;
    }

    /** Σ over rows of |φ| scaled so each row's vector has L2 norm at most {@code clip}. */
    private static double[] sum(List<double[]> shap, int features, double clip) {
        double[] sum = new double[features];
        for (double[] phi : shap) {
            if (phi.length != features) {
                throw new IllegalArgumentException("a row has " + phi.length + " SHAP values, expected " + features);
            }
            double norm = 0;
            for (double v : phi) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            double scale = norm > clip ? clip / norm : 1.0;
            for (int j = 0; j < features; j++) {
                sum[j] += Math.abs(phi[j]) * scale;
            }
        }
        return sum;
    }
}
