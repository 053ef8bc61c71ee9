package org.fedmed.core.metrics;

import java.util.Arrays;
import java.util.Comparator;

/** Area under the ROC curve by the rank-sum (Mann–Whitney U) formula, with ties counted as half. */
public final class RocAuc {

    private RocAuc() {
    }

    /**
     * AUC of {@code scores} for telling class {@code positive} from the rest; NaN when only one
     * side is present (AUC is undefined then).
     */
    public static double binary(int[] labels, double[] scores, int positive) {
        int n = labels.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1; // 1-based ranks, ties share their mean rank
            for (int t = i; t <= j; t++) {
                if (labels[order[t]] == positive) {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
