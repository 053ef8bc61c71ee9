package org.fedmed.core.secure;

import java.util.random.RandomGenerator;

/**
 * How a site's update becomes the integer vector that is summed securely, and how the sum reads
 * back. Ring Z_{2^32} (Java {@code int}s).
 *
 * <p><b>Weighted</b> (FedAvg's sample weighting): w = min(samples, W) / W with W the study's
 * {@code maxWeight}; the site sends [w·Δ, w·c, w·c·min(loss/16, 1)], so the sum holds Σw·Δ, Σw and
 * the weighted training loss, and the weighted mean needs no clear per-site count (sites above W
 * count as W: documented). <b>Uniform</b> (client-level DP): the site sends Δ alone, L2-clipped to c
 * and rounded <i>conditionally</i> ({@link ConditionalRounding}) so the rounded vector's norm has the
 * bound the DP accounting uses; the coordinator knows how many sites survived, and nothing else leaves.
 *
 * <p>Every element is clipped to [−c, c] (c = {@link #range}) and stochastically rounded at
 * {@link #scale} levels per unit ({@link Quantizer}); {@code sites} is the most vectors summed and
 * {@code noiseStd} the standard deviation of integer noise on the sum, for which headroom is kept.
 *
 * @param values   model parameters (the length of Δ)
 * @param weighted whether the weight rides inside the sum
 */
public record SecureInput(int values, boolean weighted, double range, double scale, int sites, double maxWeight) {

    /** Loss values are reported up to this cap (a loss above it counts as the cap). */
    public static final double LOSS_CAP = 16.0;
    /** Ring width: elements are Java ints. */
    public static final Ring RING = new Ring(32);

    public SecureInput {
        if (values < 1) {
            throw new IllegalArgumentException("secure input: the model has no parameters");
        }
        if (weighted && !(maxWeight >= 1)) {
            throw new IllegalArgumentException("secure aggregation: max weight must be at least 1 sample, got " + maxWeight);
        }
        new Quantizer(RING, range, scale, sites); // refuses a range that overflows the ring for this many sites
    }

    /**
     * The finest scale for {@code sites} vectors of elements in [−c, c], keeping 10 standard
     * deviations of headroom for integer noise whose std on the sum is {@code noiseStdOnSum} (in
     * units of the update; 0 without noise): n·⌈c·s⌉ + 10·σ·s ≤ 2^31 − 1.
     */
    public static SecureInput forRound(int values, boolean weighted, double range, int sites, double maxWeight,
                                       double noiseStdOnSum) {
        if (!(range > 0) || Double.isInfinite(range)) {
            throw new IllegalArgumentException("secure aggregation: the clipping range must be finite and positive, got " + range);
        }
        if (sites < 1) {
            throw new IllegalArgumentException("secure aggregation: number of sites must be at least 1, got " + sites);
        }
        double limit = (1L << 31) - 1 - sites; // the ceiling adds at most one level per site
        double scale = limit / (sites * range + 10 * Math.max(0, noiseStdOnSum));
        if (!(scale * range >= 1)) {
            throw new IllegalArgumentException(String.format("secure aggregation: the clipping range c=%s leaves less than one "
                    + "quantization level for %d sites in 32 bits", range, sites));
        }
        return new SecureInput(values, weighted, range, scale, sites, maxWeight);
    }

    public Quantizer quantizer() {
        return new Quantizer(RING, range, scale, sites);
    }

    /** Elements per site: the update, and for a weighted sum its weight and weighted loss. */
    public int length() {
        return weighted ? values + 2 : values;
    }

    /** The weight a site of this size contributes, in [0, 1] (1 for a uniform sum). */
    public double weightOf(long samples) {
        return weighted ? Math.min(samples, maxWeight) / maxWeight : 1.0;
    }

    /** A site's vector, quantized into the ring (no mask yet). */
    public int[] encode(float[] delta, long samples, double loss, RandomGenerator random) {
        if (delta.length != values) {
            throw new IllegalArgumentException("secure input: the update has " + delta.length + " values, the round expects " + values);
        }
        if (!weighted) {
            return ConditionalRounding.of(range, scale, values).round(delta, random).values();
        }
        float[] v = new float[length()];
        double w = weightOf(samples);
        for (int i = 0; i < values; i++) {
            v[i] = (float) (w * delta[i]);
        }
        if (weighted) {
            v[values] = (float) (w * range);
            double l = Double.isFinite(loss) ? Math.max(0, Math.min(1, loss / LOSS_CAP)) : 0;
            v[values + 1] = (float) (w * range * l);
        }
        return quantizer().quantize(v, random);
    }

    /**
     * Reads an unmasked sum of {@code survivors} vectors: the weighted mean of the updates (weighted)
     * or their sum (uniform), the total weight, and the weighted mean training loss (NaN when uniform).
     */
    public SecureSum decode(int[] sum, int survivors) {
        if (sum.length != length()) {
            throw new IllegalArgumentException("secure input: the sum has " + sum.length + " elements, expected " + length());
        }
        double[] all = new double[sum.length];
        for (int i = 0; i < sum.length; i++) {
            all[i] = RING.signed(sum[i]) / scale;
        }
        float[] out = new float[values];
        if (!weighted) {
            for (int i = 0; i < values; i++) {
                out[i] = (float) all[i];
            }
            return new SecureSum(out, survivors, Double.NaN, survivors);
        }
        double weight = all[values] / range;
        if (!(weight > 0)) {
            throw new IllegalArgumentException("secure sum: the total weight is " + weight + "; no site contributed");
        }
        for (int i = 0; i < values; i++) {
            out[i] = (float) (all[i] / weight);
        }
        return new SecureSum(out, weight, all[values + 1] / range / weight * LOSS_CAP, survivors);
    }

    /** e.g. {@code weighted, c=4.0, 2^23.9 levels/unit, W=1000}. */
    public String describe() {
        return (weighted ? "weighted (W=" + fmt(maxWeight) + ")" : "uniform") + ", c=" + fmt(range) + ", 32-bit ring, "
                + String.format("%.1f", Math.log(scale) / Math.log(2)) + " bits per unit";
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Double.toString(v);
    }
}
