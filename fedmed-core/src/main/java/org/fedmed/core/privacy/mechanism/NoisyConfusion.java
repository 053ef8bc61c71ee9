package org.fedmed.core.privacy.mechanism;

/**
 * A confusion matrix released through the Gaussian mechanism: every count plus N(0, (σ·Δ)²), then
 * rounded and clamped at 0.
 *
 * <p>Sensitivity Δ = √2 in L2. Changing one test record (its features or its label) moves it from
 * one cell to another at most: one count −1, another +1, so the matrix moves by √(1² + 1²); adding
 * or removing a record changes one count by 1 ≤ √2. Δ = √2 covers both neighbouring relations, for
 * any model the coordinator sends, since the model only decides which cell a record falls in. With
 * noise σ·Δ the release is one application of a Gaussian mechanism with multiplier σ over all test
 * records (q = 1, one step in the accountant).
 *
 * <p>Rounding and clamping negative counts at 0 are post-processing (no privacy cost); they keep
 * the result a valid matrix of counts, so metrics computed from it stay in range. A cell whose noisy
 * count is 0 is a cell the noise cannot tell from empty; precision or recall of a class that is then
 * never predicted (or never present) is reported as 0, as for an exact matrix.
 */
public final class NoisyConfusion {

    /** L2 sensitivity of a confusion matrix to one test record (see the class comment). */
    public static final double SENSITIVITY = Math.sqrt(2);

    private NoisyConfusion() {
    }

    /** The counts with Gaussian noise of multiplier σ, before rounding: what {@link #release} post-processes. */
    public static double[][] noisy(long[][] counts, double sigma, GaussianNoise noise) {
        double std = sigma * SENSITIVITY;
        double[][] out = new double[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            out[i] = new double[counts[i].length];
            for (int j = 0; j < counts[i].length; j++) {
                out[i][j] = counts[i][j] + noise.next(std);
            }
        }
        return out;
    }

    /** The released matrix: {@link #noisy} rounded to whole counts and clamped at 0. */
    public static long[][] release(long[][] counts, double sigma, GaussianNoise noise) {
        if (noise.deterministic()) {
            throw new IllegalArgumentException("a released confusion matrix needs unpredictable noise, not a seeded stream");
        }
        return rounded(noisy(counts, sigma, noise));
    }

    static long[][] rounded(double[][] noisy) {
        long[][] out = new long[noisy.length][];
        for (int i = 0; i < noisy.length; i++) {
            out[i] = new long[noisy[i].length];
            for (int j = 0; j < noisy[i].length; j++) {
                out[i][j] = Math.max(0L, Math.round(noisy[i][j]));
            }
        }
        return out;
    }
}
