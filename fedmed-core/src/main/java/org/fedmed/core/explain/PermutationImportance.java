package org.fedmed.core.explain;

import java.util.Random;

/**
 * Permutation importance (Breiman 2001; Fisher, Rudin &amp; Dominici 2019, "model reliance"): how much
 * worse the model does when one feature's column is shuffled across the rows, which breaks its link
 * with the label and keeps its distribution. The metric is the Brier score of the explained class,
 * the mean squared error of its probability against the 0/1 label (lower is better), so the
 * importance is the mean increase in Brier score over the repeats; a feature the model ignores
 * scores 0 whatever the shuffle. Brier rather than log-loss: it is bounded, on the probability scale
 * SHAP explains, and a shuffled outlier cannot dominate it through one near-certain mistake.
 */
public final class PermutationImportance {

    private PermutationImportance() {
    }

    /**
     * @param rows    the rows to score on
     * @param labels  1 where the row belongs to the explained class, 0 elsewhere
     * @param repeats shuffles per feature, averaged
     */
    public static double[] of(Predictor model, double[][] rows, int[] labels, int repeats, Random random) {
        if (rows.length != labels.length) {
            throw new IllegalArgumentException(rows.length + " rows but " + labels.length + " labels");
        }
        if (rows.length < 2) {
            throw new IllegalArgumentException("permutation importance needs at least 2 rows, got " + rows.length);
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be positive, got " + repeats);
        }
        int n = rows.length;
        int m = rows[0].length;
        double reference = brier(model.predict(rows), labels);
        double[] importance = new double[m];
        double[][] shuffled = new double[n][];
        for (int i = 0; i < n; i++) {
            shuffled[i] = rows[i].clone();
        }
        int[] order = new int[n];
        for (int j = 0; j < m; j++) {
            double sum = 0;
            for (int rep = 0; rep < repeats; rep++) {
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                for (int i = n - 1; i > 0; i--) {
                    int k = random.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[k];
                    order[k] = t;
                }
                for (int i = 0; i < n; i++) {
                    shuffled[i][j] = rows[order[i]][j];
                }
                sum += brier(model.predict(shuffled), labels) - reference;
            }
            for (int i = 0; i < n; i++) {
                shuffled[i][j] = rows[i][j];
            }
            importance[j] = sum / repeats;
        }
        return importance;
    }

    /** Mean squared error of probabilities p against 0/1 labels. */
    static double brier(double[] p, int[] labels) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            double e = p[i] - labels[i];
            s += e * e;
        }
        return s / p.length;
    }
}
