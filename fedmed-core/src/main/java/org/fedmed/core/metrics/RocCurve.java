package org.fedmed.core.metrics;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The ROC curve of a binary classifier: for every distinct score taken as the threshold (calling a
 * case positive at or above it), the false-positive and true-positive rates, from (0, 0) (threshold
 * above every score) to (1, 1). Tied scores move the curve in one diagonal step, so the area under
 * it by the trapezoid rule equals the Mann–Whitney AUC of {@link RocAuc#binary}.
 *
 * @param thresholds the threshold of each point ({@code +∞} for the first)
 */
public record RocCurve(double[] fpr, double[] tpr, double[] thresholds) {

    /** The curve of {@code scores} (higher: more likely {@code positive}); null when one class is absent. */
    public static RocCurve of(int[] labels, double[] scores, int positive) {
        int n = labels.length;
        long positives = Arrays.stream(labels).filter(l -> l == positive).count();
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return null;
        }
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        double[] fpr = new double[n + 1];
        double[] tpr = new double[n + 1];
        double[] thr = new double[n + 1];
        thr[0] = Double.POSITIVE_INFINITY;
        int points = 1;
        long tp = 0;
        long fp = 0;
        int i = 0;
        while (i < n) {
            double s = scores[order[i]];
            while (i < n && scores[order[i]] == s) {
                if (labels[order[i]] == positive) {
                    tp++;
                } else {
                    fp++;
                }
                i++;
            }
            fpr[points] = (double) fp / negatives;
            tpr[points] = (double) tp / positives;
            thr[points] = s;
            points++;
        }
        return new RocCurve(Arrays.copyOf(fpr, points), Arrays.copyOf(tpr, points), Arrays.copyOf(thr, points));
    }

    /** The area under the curve by the trapezoid rule. */
    public double auc() {
        double a = 0;
        for (int k = 1; k < fpr.length; k++) {
            a += (fpr[k] - fpr[k - 1]) * (tpr[k] + tpr[k - 1]) / 2;
        }
        return a;
    }
}
