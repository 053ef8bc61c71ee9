package org.fedmed.data.prep;

import java.util.Arrays;

/**
 * z-score standardization {@code (x - mean) / std} per feature, with statistics fitted on training
 * data only. A constant feature (std 0) is only centred (divided by 1) rather than producing NaN.
 *
 * @param mean per feature
 * @param std  per feature, always &gt; 0
 */
public record Standardizer(double[] mean, double[] std) {

    public Standardizer {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean and std must have one entry per feature");
        }
        mean = mean.clone();
        std = std.clone();
        for (int c = 0; c < std.length; c++) {
            if (!Double.isFinite(mean[c]) || !(std[c] > 0) || !Double.isFinite(std[c])) {
                throw new IllegalArgumentException("feature " + c + " has mean " + mean[c] + " and std " + std[c]
                        + "; need a finite mean and a positive std");
            }
        }
    }

    /** Fits on the observed values of the given features (indices into the statistics). */
    public static Standardizer fit(FeatureStats stats, int[] features) {
        double[] m = new double[features.length];
        double[] s = new double[features.length];
        for (int i = 0; i < features.length; i++) {
            m[i] = stats.mean(features[i]);
            double sd = stats.std(features[i]);
            s[i] = sd > 1e-12 ? sd : 1.0;
        }
        return new Standardizer(m, s);
    }

    /** Standardized value of feature {@code i}; a missing value is imputed with the mean, i.e. becomes 0. */
    public double apply(int i, double x) {
        return Double.isNaN(x) ? 0.0 : (x - mean[i]) / std[i];
    }

    public int features() {
        return mean.length;
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Standardizer s && Arrays.equals(mean, s.mean) && Arrays.equals(std, s.std);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(mean) * 31 + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Standardizer[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
