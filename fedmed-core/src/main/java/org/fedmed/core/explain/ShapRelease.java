package org.fedmed.core.explain;

import java.util.List;
import org.fedmed.core.privacy.mechanism.GaussianNoise;

/**
 * What a site lets leave of its SHAP values: the mean |φ| per feature over its explained rows. Under
 * DP each row's |φ| vector is first clipped to L2 norm C, so adding or removing one row moves the
 * sum by at most C; the sum then gets Gaussian noise of standard deviation σC per feature (the
 * Gaussian mechanism, one application: its cost is that of a sampled Gaussian with q = 1 and one
 * step) and is divided by the row count, which is not protected (it is min(explain_rows, the site's
 * rows), as public as the sample counts FedAvg weighs by). This holds only when every row's φ
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
        if (!(clip > 0) || !Double.isFinite(clip)) {
            throw new IllegalArgumentException("the SHAP clip norm must be a positive number, got " + clip);
        }
        if (!(noiseMultiplier > 0) || !Double.isFinite(noiseMultiplier)) {
            throw new IllegalArgumentException("the SHAP noise multiplier must be a positive number, got " + noiseMultiplier);
        }
        return release(shap, clip, noiseMultiplier, noise);
    }

    private static double[] release(List<double[]> shap, double clip, double noiseMultiplier, GaussianNoise noise) {
        if (shap.isEmpty()) {
            throw new IllegalArgumentException("no explained rows");
        }
        int m = shap.get(0).length;
        double[] sum = new double[m];
        for (double[] phi : shap) {
            double norm = 0;
            for (double v : phi) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            double scale = norm > clip ? clip / norm : 1.0;
            for (int j = 0; j < m; j++) {
                sum[j] += Math.abs(phi[j]) * scale;
            }
        }
        for (int j = 0; j < m; j++) {
            if (noise != null) {
                sum[j] += noise.next(noiseMultiplier * clip);
            }
            sum[j] /= shap.size();
        }
        return sum;
    }
}
