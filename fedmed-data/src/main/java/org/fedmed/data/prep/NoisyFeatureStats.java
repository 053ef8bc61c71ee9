package org.fedmed.data.prep;

import org.fedmed.core.privacy.mechanism.GaussianNoise;
import org.fedmed.data.read.RawTable;

/**
 * The training statistics a site under a privacy budget releases: per feature the count of observed
 * values, their sum and their sum of squares, through one Gaussian mechanism.
 *
 * <p>Each value is clipped into its declared {@link FeatureRange} and centred on the range's
 * midpoint m with half-width h, so adding or removing one record (the neighbouring relation of the
 * DP-SGD and class-count releases) changes, per observed feature, the count by 1, the centred sum
 * by at most h and the centred sum of squares by at most h². With k features there are 3k released
 * numbers; component j with bound Δ_j gets noise N(0, (σ·Δ_j·√(3k))²). Divided by its noise scale,
 * every component moves by at most 1/(σ·√(3k)) when one record changes, so the whole vector moves
 * by at most 1/σ in L2: one Gaussian mechanism of multiplier σ over all training rows (q = 1, one
 * step in the accountant). Centring costs nothing in privacy and makes the variance estimate far
 * better than noising raw sums of squares, whose bound would be max(|min|, |max|)².
 *
 * <p>Everything after the noise is post-processing: counts rounded and clamped into [0, rows]; a
 * feature whose noisy count is below the study's minimum is reported as unobserved; the centred sum
 * clamped into [−h·n, h·n] and the centred sum of squares into [S²/n, h²·n] (what values in the
 * range can produce), then converted back to sums of the values (Σx = S + m·n, Σx² = Q + 2m·S + m²·n)
 * so the released statistics keep the shape of exact ones. The row count is released exactly: like
 * the sample count of an update and the accountant's sampling rate, it is treated as public.
 */
public final class NoisyFeatureStats {

    private NoisyFeatureStats() {
    }

    /** Noise standard deviation of a count, for {@code features} released features at multiplier σ. */
    public static double countStd(int features, double sigma) {
        return sigma * Math.sqrt(3.0 * features);
    }

    /** Noise standard deviation of a centred sum of values in {@code range}. */
    public static double sumStd(FeatureRange range, int features, double sigma) {
        return countStd(features, sigma) * range.halfWidth();
    }

    /** Noise standard deviation of a centred sum of squares of values in {@code range}. */
    public static double sumSqStd(FeatureRange range, int features, double sigma) {
        return countStd(features, sigma) * range.halfWidth() * range.halfWidth();
    }

    /**
     * The released statistics of {@code rows} of {@code table}.
     *
     * @param ranges  per column of the table, its declared range
     * @param sigma   the noise multiplier (booked by the caller: q = 1, one step)
     * @param minRows a feature with a noisy count below this is reported as unobserved
     */
    public static FeatureStats release(RawTable table, int[] rows, FeatureRange[] ranges, double sigma, GaussianNoise noise,
                                       int minRows) {
        if (noise.deterministic()) {
            throw new IllegalArgumentException("released statistics need unpredictable noise, not a seeded stream");
        }
        int k = table.cols();
        if (ranges.length != k) {
            throw new IllegalArgumentException(ranges.length + " ranges for " + k + " columns");
        }
        long[] observed = new long[k];
        double[] centredSum = new double[k];
        double[] centredSq = new double[k];
        for (int r : rows) {
            for (int c = 0; c < k; c++) {
                double x = table.value(r, c);
                if (!Double.isNaN(x)) {
                    double d = ranges[c].clip(x) - ranges[c].mid();
                    observed[c]++;
                    centredSum[c] += d;
                    centredSq[c] += d * d;
                }
            }
        }
        long[] count = new long[k];
        double[] sum = new double[k];
        double[] sumSq = new double[k];
        for (int c = 0; c < k; c++) {
            double n = observed[c] + noise.next(countStd(k, sigma));
            double s = centredSum[c] + noise.next(sumStd(ranges[c], k, sigma));
            double q = centredSq[c] + noise.next(sumSqStd(ranges[c], k, sigma));
            long released = Math.max(0, Math.min(rows.length, Math.round(n)));
            if (released < Math.max(1, minRows)) {
                continue; // reported as never observed
            }
            double h = ranges[c].halfWidth();
            double m = ranges[c].mid();
            s = Math.max(-h * released, Math.min(h * released, s));
            q = Math.max(s * s / released, Math.min(h * h * released, q));
            count[c] = released;
            sum[c] = s + m * released;
            sumSq[c] = Math.max(0, q + 2 * m * s + m * m * released);
        }
        return new FeatureStats(rows.length, count, sum, sumSq);
    }
}
