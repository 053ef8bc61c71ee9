package org.fedmed.core.secure;

import java.util.random.RandomGenerator;

/**
 * Stochastic rounding of a clipped, scaled vector to integers, conditioned on the rounded vector's
 * L2 norm staying within a known bound B (Kairouz, Liu &amp; Steinke 2021, "The Distributed Discrete
 * Gaussian Mechanism for Federated Learning with Secure Aggregation", ICML, arXiv:2102.06387,
 * Theorem 1 and the conditional randomized rounding of §4; Agarwal et al. 2021 use the same for
 * Skellam).
 *
 * <p>Why condition: rounding each coordinate up or down can grow the norm by up to √d, which would
 * be the sensitivity if we took the worst case, (c·s + √d)². Stochastic rounding keeps E‖x̃‖² close
 * to (c·s)² + d/4, and Theorem 1 bounds the norm with probability ≥ 1 − β:
 *
 * <pre>
 *   B² = min( (c·s)² + d/4 + √(2·ln(1/β))·(c·s + √d/2),  (c·s + √d)² ).
 * </pre>
 *
 * Redrawing the rounding until ‖x̃‖₂ ≤ B makes the bound certain, so Δ2 = B exactly, at an expected
 * cost of at most 1/(1 − β) draws (2.54 for the usual β = e^{−1/2}). The conditioning adds a small
 * bias (the long roundings are thrown away); the DDG paper shows it is negligible for small β and
 * we measure it in the tests.
 *
 * @param clip      c, the L2 clipping norm of the input vector (finite, positive)
 * @param scale     s, integer levels per unit (finite, positive; c·s ≤ 2^30 so values fit an int)
 * @param dimension d, the number of coordinates (≥ 1)
 * @param beta      β in (0, 1), the failure probability of the unconditioned bound
 */
public record ConditionalRounding(double clip, double scale, int dimension, double beta) {

    /** β = e^{−1/2}, the choice of Kairouz et al. and Agarwal et al. in their experiments. */
    public static final double DEFAULT_BETA = Math.exp(-0.5);

    /** Draws before giving up: each succeeds with probability ≥ 1 − β, so at β = e^{−1/2} failing all has probability ≤ e^{−5000}. */
    static final int MAX_ATTEMPTS = 10_000;

    public ConditionalRounding {
        if (!(clip > 0) || Double.isInfinite(clip)) {
            throw new IllegalArgumentException("conditional rounding: clip norm c must be finite and positive, got " + clip);
        }
        if (!(scale > 0) || Double.isInfinite(scale) || clip * scale > 0x1p30) {
            throw new IllegalArgumentException("conditional rounding: scale must be positive with c * scale <= 2^30, got scale "
                    + scale + " for c=" + clip);
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("conditional rounding: dimension d must be at least 1, got " + dimension);
        }
        if (!(beta > 0 && beta < 1)) {
            throw new IllegalArgumentException("conditional rounding: beta must be in (0, 1), got " + beta);
        }
    }

    /** Conditional rounding with {@link #DEFAULT_BETA}. */
    public static ConditionalRounding of(double clip, double scale, int dimension) {
        return new ConditionalRounding(clip, scale, dimension, DEFAULT_BETA);
    }

    /** B, the bound on the rounded vector's L2 norm in integer units: the L2 sensitivity Δ2. */
    public double normBound() {
        double cs = clip * scale;
        double sqrtD = Math.sqrt(dimension);
        double likely = cs * cs + dimension / 4.0 + Math.sqrt(2 * Math.log(1 / beta)) * (cs + sqrtD / 2);
        double certain = (cs + sqrtD) * (cs + sqrtD);
        return Math.sqrt(Math.min(likely, certain));
    }

    /** (Δ1, Δ2) = (min(B², √d·B), B) in integer units. */
    public QuantizedSensitivity sensitivity() {
        return QuantizedSensitivity.ofIntegerVector(normBound(), dimension);
    }

    /** A rounded vector and how many roundings were drawn to get one within the bound. */
    public record Rounded(int[] values, int attempts) {
    }

    /**
     * Clips {@code values} to L2 norm c (float clipping upstream can leave it an ulp above), scales by
     * s and rounds every coordinate up with probability equal to its fractional part, redrawing the
     * whole rounding until its L2 norm is at most {@link #normBound()}. The result holds signed
     * integers (reduce them into the ring afterwards); NaN and infinities are refused.
     */
    public Rounded round(float[] values, RandomGenerator random) {
        if (values.length != dimension) {
            throw new IllegalArgumentException("conditional rounding: expected " + dimension + " values, got " + values.length);
        }
        double norm2 = 0;
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("conditional rounding: value " + i + " is " + values[i]);
            }
            norm2 += (double) values[i] * values[i];
        }
        double norm = Math.sqrt(norm2);
        double factor = norm > clip ? scale * clip / norm : scale;
        double bound = normBound();
        double bound2 = bound * bound;
        int[] out = new int[dimension];
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            double rounded2 = 0;
            for (int i = 0; i < dimension; i++) {
                double y = values[i] * factor;
                double floor = Math.floor(y);
                int q = (int) floor + (random.nextDouble() < y - floor ? 1 : 0);
                out[i] = q;
                rounded2 += (double) q * q;
            }
            if (rounded2 <= bound2) {
                return new Rounded(out, attempt);
            }
        }
        throw new IllegalStateException("conditional rounding: no rounding within norm " + bound + " in "
                + MAX_ATTEMPTS + " draws (beta=" + beta + ")");
    }
}
