package org.fedmed.core.explain;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The coordinator's aggregate of the sites' explanations: per feature, the mean of the sites' mean
 * |SHAP| weighted by their explained rows (which is the mean |SHAP| over all explained rows when no
 * noise was added), and the sites' permutation importances averaged with the same weights (null when
 * no site released one).
 */
public record FederatedExplanation(double[] meanAbsShap, double[] permutationImportance, int sites, int rows) {

    public static FederatedExplanation of(List<SiteExplanation> sites) {
        if (sites.isEmpty()) {
            throw new IllegalArgumentException("no site explanation to aggregate");
        }
        int m = sites.get(0).features();
        double[] shap = new double[m];
        double[] importance = new double[m];
        int rows = 0;
        int importanceRows = 0;
        for (SiteExplanation s : sites) {
            if (s.features() != m) {
                throw new IllegalArgumentException("site " + s.site() + " explained " + s.features() + " features, expected " + m);
            }
            rows += s.rows();
            for (int j = 0; j < m; j++) {
                shap[j] += s.rows() * s.meanAbsShap()[j];
            }
            if (s.permutationImportance() != null) {
                importanceRows += s.rows();
                for (int j = 0; j < m; j++) {
                    importance[j] += s.rows() * s.permutationImportance()[j];
                }
            }
        }
        for (int j = 0; j < m; j++) {
            shap[j] /= rows;
            importance[j] = importanceRows == 0 ? 0 : importance[j] / importanceRows;
        }
        return new FederatedExplanation(shap, importanceRows == 0 ? null : importance, sites.size(), rows);
    }

    /** Indices of the {@code k} largest values, largest first (ties by index). */
    public static int[] top(double[] values, int k) {
        return IntStream.range(0, values.length).boxed()
                .sorted(Comparator.comparingDouble((Integer j) -> -values[j]).thenComparingInt(j -> j))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    /** How many of the two top-{@code k} lists' features are shared. */
    public static int sharedTop(double[] a, double[] b, int k) {
        int[] ta = top(a, k);
        int[] tb = top(b, k);
        return (int) Arrays.stream(ta).filter(j -> Arrays.stream(tb).anyMatch(i -> i == j)).count();
    }
}
