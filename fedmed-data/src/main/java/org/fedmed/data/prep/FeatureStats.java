package org.fedmed.data.prep;

import java.util.Arrays;
import java.util.List;
import org.fedmed.data.read.RawTable;

/**
 * Per-feature sufficient statistics of some rows: row count, and per feature the number of observed
 * (non-missing) values, their sum and their sum of squares. Each site can compute its own and the
 * coordinator merges them by addition, which yields exactly the statistics of the union of the
 * rows; so imputation means and standardization are the same whether fitted centrally or federated.
 *
 * @param rows     rows seen
 * @param observed per feature, rows with a value
 * @param sum      per feature, sum of the observed values
 * @param sumSq    per feature, sum of squares of the observed values
 */
public record FeatureStats(long rows, long[] observed, double[] sum, double[] sumSq) {

    public FeatureStats {
        if (observed.length != sum.length || sum.length != sumSq.length) {
            throw new IllegalArgumentException("observed, sum and sumSq must have one entry per feature");
        }
    }

    /** Statistics of {@code rowIndices} of a table; {@code NaN} values count as missing. */
    public static FeatureStats of(RawTable table, int[] rowIndices) {
        int cols = table.cols();
        long[] observed = new long[cols];
        double[] sum = new double[cols];
        double[] sumSq = new double[cols];
        double[] v = table.values();
        for (int r : rowIndices) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                double x = v[base + c];
                if (!Double.isNaN(x)) {
                    observed[c]++;
                    sum[c] += x;
                    sumSq[c] += x * x;
                }
            }
        }
        return new FeatureStats(rowIndices.length, observed, sum, sumSq);
    }

    /** Statistics of the union of the rows behind {@code this} and {@code other}. */
    public FeatureStats merge(FeatureStats other) {
        if (other.features() != features()) {
            throw new IllegalArgumentException("cannot merge statistics of " + features() + " and " + other.features() + " features");
        }
        long[] o = observed.clone();
        double[] s = sum.clone();
        double[] q = sumSq.clone();
        for (int c = 0; c < o.length; c++) {
            o[c] += other.observed[c];
            s[c] += other.sum[c];
            q[c] += other.sumSq[c];
        }
        return new FeatureStats(rows + other.rows, o, s, q);
    }

    public static FeatureStats merge(List<FeatureStats> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no statistics to merge");
        }
        FeatureStats all = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            all = all.merge(parts.get(i));
        }
        return all;
    }

    public int features() {
        return observed.length;
    }

    /** Share of rows without a value for feature {@code c} (0 when there are no rows). */
    public double missingShare(int c) {
        return rows == 0 ? 0 : (double) (rows - observed[c]) / rows;
    }

    /** Mean of the observed values ({@code NaN} if none). */
    public double mean(int c) {
        return observed[c] == 0 ? Double.NaN : sum[c] / observed[c];
    }

    /** Population standard deviation of the observed values ({@code NaN} if none). */
    public double std(int c) {
        if (observed[c] == 0) {
            return Double.NaN;
        }
        double n = observed[c];
        double variance = (sumSq[c] - sum[c] * sum[c] / n) / n;
        return Math.sqrt(Math.max(variance, 0));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureStats f && rows == f.rows && Arrays.equals(observed, f.observed)
                && Arrays.equals(sum, f.sum) && Arrays.equals(sumSq, f.sumSq);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(rows) * 31 + Arrays.hashCode(observed);
    }

    @Override
    public String toString() {
        return "FeatureStats[rows=" + rows + ", observed=" + Arrays.toString(observed) + "]";
    }
}
