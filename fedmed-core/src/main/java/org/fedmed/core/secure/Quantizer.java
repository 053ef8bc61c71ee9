package org.fedmed.core.secure;

import java.util.random.RandomGenerator;

/**
 * Fixed-point quantization of float vectors into Z_{2^k} for a secure sum, and the read-back of the
 * sum. A value is clipped to [-clip, clip], multiplied by {@code scale} and rounded stochastically
 * (up with probability equal to the fractional part), so E[q] = x * scale: the rounding adds noise but
 * no bias, as in Kairouz et al. 2021 ("The Distributed Discrete Gaussian Mechanism", section 4).
 *
 * <p>Bit budget: a quantized value lies in [-M, M] with M = ceil(clip * scale). The sum of
 * {@code sites} of them must stay in the signed range of the ring, so sites * M &le; 2^(k-1) - 1 is
 * checked on construction; otherwise the modular sum would wrap and read back as garbage.
 *
 * @param ring  the ring Z_{2^k}
 * @param clip  c, the clipping range (finite, positive)
 * @param scale quantization levels per unit: one step is 1 / scale
 * @param sites n, the most vectors that will be summed
 */
public record Quantizer(Ring ring, double clip, double scale, int sites) {

    public Quantizer {
        if (ring == null) {
            throw new IllegalArgumentException("quantizer: ring is required");
        }
        if (!(clip > 0) || Double.isInfinite(clip)) {
            throw new IllegalArgumentException("quantizer: clipping range c must be finite and positive, got " + clip);
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("quantizer: scale must be finite and positive, got " + scale);
        }
        if (sites < 1) {
            throw new IllegalArgumentException("quantizer: number of sites must be at least 1, got " + sites);
        }
        long limit = (1L << (ring.bits() - 1)) - 1;
        double max = Math.ceil(clip * scale);
        if (max * sites > limit) {
            throw new IllegalArgumentException(String.format(
                "secure aggregation: %d bits cannot hold the sum of %d sites with clipping range c=%s at scale %s "
                    + "(n * max quantized value = %d * %.0f > 2^%d - 1); raise bits, lower c or the scale, or sum fewer sites",
                ring.bits(), sites, clip, scale, sites, max, ring.bits() - 1));
        }
    }

    /**
     * The finest quantizer that fits the bit budget: M = floor((2^(k-1) - 1) / n) levels per side, so
     * the scale is M / c and n * M never exceeds 2^(k-1) - 1.
     */
    public static Quantizer forBudget(Ring ring, double clip, int sites) {
        if (sites < 1) {
            throw new IllegalArgumentException("quantizer: number of sites must be at least 1, got " + sites);
        }
        long levels = ((1L << (ring.bits() - 1)) - 1) / sites;
        if (levels < 1) {
            throw new IllegalArgumentException(String.format(
                "secure aggregation: %d bits leave no quantization level for the sum of %d sites with clipping range c=%s",
                ring.bits(), sites, clip));
        }
        double scale = levels / clip;
        // levels / clip * clip can round one ulp above levels, and its ceiling would then need one level more.
        while (Math.ceil(clip * scale) > levels) {
            scale = Math.nextDown(scale);
        }
        return new Quantizer(ring, clip, scale, sites);
    }

    /** One quantization step in the units of the input: 1 / scale. */
    public double step() {
        return 1.0 / scale;
    }

    /** The largest magnitude of one quantized value, ceil(c * scale). */
    public long maxLevel() {
        return (long) Math.ceil(clip * scale);
    }

    /**
     * Clips, scales and stochastically rounds {@code values}; the result holds ring elements (negative
     * values wrapped modulo 2^k). {@code random} draws the rounding coins; NaN is refused.
     */
    public int[] quantize(float[] values, RandomGenerator random) {
        int[] out = new int[values.length];
        int mask = ring.mask();
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (Float.isNaN(v)) {
                throw new IllegalArgumentException("quantizer: value " + i + " is NaN");
            }
            double y = Math.max(-clip, Math.min(clip, v)) * scale;
            double floor = Math.floor(y);
            // Round up with probability equal to the fractional part: E[q] = y exactly.
            long q = (long) floor + (random.nextDouble() < y - floor ? 1 : 0);
            out[i] = (int) q & mask;
        }
        return out;
    }

    /**
     * Reads back a modular sum of at most {@link #sites} quantized vectors: each element as a signed
     * value in [-2^(k-1), 2^(k-1)), divided by the scale.
     */
    public float[] dequantizeSum(int[] sum) {
        float[] out = new float[sum.length];
        for (int i = 0; i < sum.length; i++) {
            out[i] = (float) (ring.signed(sum[i]) / scale);
        }
        return out;
    }
}
