package org.fedmed.core.metrics;

import java.util.Arrays;
import java.util.List;

/**
 * For each candidate threshold on the disease-class score, how many positive and how many negative
 * cases score at or above it: what a site releases so that a coordinator can choose an operating
 * threshold without seeing scores. Counts from several sites on the same thresholds add up to the
 * counts of their pooled data ({@link #plus}).
 *
 * @param thresholds     the candidates, strictly increasing
 * @param positivesAbove per candidate, positive cases scoring at or above it (never increasing)
 * @param negativesAbove per candidate, negative cases scoring at or above it (never increasing)
 * @param positives      all positive cases
 * @param negatives      all negative cases
 */
public record ThresholdCounts(double[] thresholds, long[] positivesAbove, long[] negativesAbove, long positives, long negatives) {

    public ThresholdCounts {
        if (thresholds.length == 0 || positivesAbove.length != thresholds.length || negativesAbove.length != thresholds.length) {
            throw new IllegalArgumentException("need one positive and one negative count per threshold, for at least one threshold");
        }
        for (int k = 1; k < thresholds.length; k++) {
            if (!(thresholds[k] > thresholds[k - 1])) {
                throw new IllegalArgumentException("thresholds must increase strictly, got " + thresholds[k - 1] + " then " + thresholds[k]);
            }
        }
        thresholds = thresholds.clone();
        positivesAbove = positivesAbove.clone();
        negativesAbove = negativesAbove.clone();
        // counts arrive from sites: ones no data could produce are refused rather than summed
        checkCounts(positivesAbove, positives, "positive");
        checkCounts(negativesAbove, negatives, "negative");
    }

    private static void checkCounts(long[] above, long total, String kind) {
        if (total < 0) {
            throw new IllegalArgumentException("a count of " + kind + " cases cannot be negative, got " + total);
        }
        for (int k = 0; k < above.length; k++) {
            if (above[k] < 0 || above[k] > total || (k > 0 && above[k] > above[k - 1])) {
                throw new IllegalArgumentException(kind + " cases at or above threshold " + (k + 1) + " of " + above.length + ": "
                        + above[k] + " is not a count of " + total + " cases that never grows with the threshold");
            }
        }
    }

    /**
     * The {@code steps - 1} thresholds {@code 1/steps, 2/steps, ..., (steps-1)/steps}: strictly inside
     * (0, 1), so no candidate calls every case positive or every case negative.
     */
    public static double[] grid(int steps) {
        if (steps < 2) {
            throw new IllegalArgumentException("a threshold grid needs at least 2 steps, got " + steps);
        }
        double[] t = new double[steps - 1];
        Arrays.setAll(t, k -> (k + 1) / (double) steps);
        return t;
    }

    /** The counts of {@code scores} (higher: more likely {@code positive}) on {@code thresholds}. */
    public static ThresholdCounts of(double[] thresholds, int[] labels, double[] scores, int positive) {
        if (labels.length != scores.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + scores.length + " scores");
        }
        long[] pos = new long[thresholds.length];
        long[] neg = new long[thresholds.length];
        long positives = 0;
        for (int i = 0; i < labels.length; i++) {
            boolean isPositive = labels[i] == positive;
            positives += isPositive ? 1 : 0;
            long[] counts = isPositive ? pos : neg;
            for (int k = 0; k < thresholds.length && scores[i] >= thresholds[k]; k++) {
                counts[k]++;
            }
        }
        return new ThresholdCounts(thresholds, pos, neg, positives, labels.length - positives);
    }

    /** The counts of both data sets together; both must use the same thresholds. */
    public ThresholdCounts plus(ThresholdCounts other) {
        if (!Arrays.equals(thresholds, other.thresholds)) {
            throw new IllegalArgumentException("threshold counts on different thresholds cannot be added");
        }
        long[] pos = positivesAbove.clone();
        long[] neg = negativesAbove.clone();
        for (int k = 0; k < pos.length; k++) {
            pos[k] += other.positivesAbove[k];
            neg[k] += other.negativesAbove[k];
        }
        return new ThresholdCounts(thresholds, pos, neg, positives + other.positives, negatives + other.negatives);
    }

    /** The sum of the sites' counts (at least one). */
    public static ThresholdCounts sum(List<ThresholdCounts> sites) {
        if (sites.isEmpty()) {
            throw new IllegalArgumentException("no threshold counts to add");
        }
        ThresholdCounts total = sites.get(0);
        for (int s = 1; s < sites.size(); s++) {
            total = total.plus(sites.get(s));
        }
        return total;
    }

    @Override
    public double[] thresholds() {
        return thresholds.clone();
    }

    @Override
    public long[] positivesAbove() {
        return positivesAbove.clone();
    }

    @Override
    public long[] negativesAbove() {
        return negativesAbove.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ThresholdCounts c && positives == c.positives && negatives == c.negatives
                && Arrays.equals(thresholds, c.thresholds) && Arrays.equals(positivesAbove, c.positivesAbove)
                && Arrays.equals(negativesAbove, c.negativesAbove);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(positivesAbove) * 31 + Arrays.hashCode(negativesAbove);
    }

    @Override
    public String toString() {
        return "ThresholdCounts[" + thresholds.length + " thresholds, " + positives + " positives, " + negatives + " negatives]";
    }
}
