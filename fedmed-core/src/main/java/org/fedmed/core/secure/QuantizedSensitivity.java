package org.fedmed.core.secure;

/**
 * The sensitivities, in integer units, of one site's contribution after {@link ConditionalRounding}:
 * what the Skellam accounting needs (Δ1, Δ2). Adding or removing a site changes the secure sum by
 * its rounded vector x, so Δ2 = B, the norm bound the rounding enforces, and for an integer vector
 * ‖x‖₁ = Σ|x_i| ≤ Σx_i² = ‖x‖₂² and ‖x‖₁ ≤ √d·‖x‖₂ (Cauchy–Schwarz), so Δ1 = min(B², √d·B).
 *
 * @param l1 Δ1, the L1 sensitivity in integer units
 * @param l2 Δ2, the L2 sensitivity in integer units
 */
public record QuantizedSensitivity(double l1, double l2) {

    public QuantizedSensitivity {
        if (!(l1 > 0) || !(l2 > 0) || Double.isInfinite(l1) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("sensitivities must be finite and positive, got l1=" + l1 + ", l2=" + l2);
        }
    }

    /** The sensitivities for clip c, scale s and dimension d with the default β = e^{−1/2}. */
    public static QuantizedSensitivity of(double clip, double scale, int dimension) {
        return new ConditionalRounding(clip, scale, dimension, ConditionalRounding.DEFAULT_BETA).sensitivity();
    }

    /** The sensitivities of an integer vector bounded in L2 norm by {@code bound} in {@code dimension} coordinates. */
    public static QuantizedSensitivity ofIntegerVector(double bound, int dimension) {
        return new QuantizedSensitivity(Math.min(bound * bound, Math.sqrt(dimension) * bound), bound);
    }
}
