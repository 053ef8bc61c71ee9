package org.fedmed.core.metrics;

/**
 * A decision threshold on the disease-class score, chosen on validation data for a target
 * sensitivity: the largest candidate whose validation sensitivity reaches the target. Counts at or
 * above a threshold never grow as it rises, so among the candidates that reach the target the
 * largest one calls the fewest negatives positive: it has the best specificity the target allows.
 *
 * <p>When no candidate reaches the target (the grid's lowest threshold still misses too many
 * positive cases), the lowest candidate is taken, the most sensitive operating point offered, and
 * {@link #targetMet} is false: the report says so rather than hide it.
 *
 * @param threshold             a case is called positive when its score is at or above it
 * @param targetSensitivity     the sensitivity asked for, in (0, 1]
 * @param validationSensitivity the pooled validation sensitivity at {@code threshold}
 * @param validationSpecificity the pooled validation specificity at it (NaN with no negative case)
 * @param targetMet             whether {@code validationSensitivity >= targetSensitivity}
 * @param validationPositives   positive cases in the validation data
 * @param validationNegatives   negative cases in the validation data
 */
public record OperatingThreshold(double threshold, double targetSensitivity, double validationSensitivity,
                                 double validationSpecificity, boolean targetMet, long validationPositives, long validationNegatives) {

    /** Checks a target sensitivity, naming the reason when it is out of (0, 1]. */
    public static void checkTarget(double target) {
        if (!(target > 0 && target <= 1)) {
            throw new IllegalArgumentException("a target sensitivity must be in (0, 1], got " + target);
        }
    }

    /**
     * The operating threshold for {@code target} on the pooled validation counts.
     *
     * @throws IllegalArgumentException when the validation data hold no positive case (sensitivity is undefined)
     */
    public static OperatingThreshold choose(ThresholdCounts validation, double target) {
        checkTarget(target);
        long positives = validation.positives();
        if (positives == 0) {
            throw new IllegalArgumentException("the validation data hold no positive case (" + validation.negatives()
                    + " negatives): sensitivity is undefined there, so no threshold can be chosen for a target sensitivity");
        }
        long[] pos = validation.positivesAbove();
        int chosen = 0;
        for (int k = pos.length - 1; k >= 0; k--) {
            // exact: a ratio of counts and a target such as 0.8 round to the same double when equal
            if ((double) pos[k] / positives >= target) {
                chosen = k;
                break;
            }
        }
        double sensitivity = (double) pos[chosen] / positives;
        long negatives = validation.negatives();
        double specificity = negatives == 0 ? Double.NaN : 1 - (double) validation.negativesAbove()[chosen] / negatives;
        return new OperatingThreshold(validation.thresholds()[chosen], target, sensitivity, specificity, sensitivity >= target,
                positives, negatives);
    }

    /** The metrics of calling a case positive (label 1) when its score is at or above the threshold. */
    public ClassificationMetrics evaluate(int[] labels, double[] scores) {
        if (labels.length != scores.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + scores.length + " scores");
        }
        int[] predicted = new int[labels.length];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = scores[i] >= threshold ? 1 : 0;
        }
        return ClassificationMetrics.fromConfusion(ConfusionMatrix.of(labels, predicted, 2), RocAuc.binary(labels, scores, 1));
    }
}
