package org.fedmed.core.aggregate.robust;

import java.util.Arrays;
import java.util.List;
import org.fedmed.core.aggregate.Contribution;
import org.fedmed.core.model.ModelWeights;

/** The little vector arithmetic the robust rules share; sums run in double so n updates lose nothing to float rounding. */
final class Vectors {

    private Vectors() {
    }

    static double squaredDistance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            s += d * d;
        }
        return s;
    }

    static double norm(float[] a) {
        double s = 0;
        for (float v : a) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    static double cosine(float[] a, float[] b) {
        double na = norm(a);
        double nb = norm(b);
        return na == 0 || nb == 0 ? 0 : dot(a, b) / (na * nb);
    }

    /** Each contribution's delta from {@code global}, one row per update (a layout mismatch is refused, naming the site). */
    static float[][] deltas(ModelWeights global, List<Contribution> in) {
        if (in.isEmpty()) {
            throw new IllegalArgumentException("no updates to aggregate");
        }
        float[][] deltas = new float[in.size()][];
        for (int k = 0; k < deltas.length; k++) {
            ModelWeights d = in.get(k).delta(global);
            global.requireSameLayout(d, "update of " + in.get(k).siteId());
            deltas[k] = d.values();
        }
        return deltas;
    }

    /** {@code global + delta}. */
    static ModelWeights apply(ModelWeights global, float[] delta) {
        float[] g = global.values();
        float[] out = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            out[i] = g[i] + delta[i];
        }
        return global.withValues(out);
    }

    /** The unweighted mean of the rows {@code pick} of {@code x}. */
    static float[] mean(float[][] x, int[] pick) {
        int d = x[0].length;
        double[] sum = new double[d];
        for (int k : pick) {
            float[] row = x[k];
            for (int i = 0; i < d; i++) {
                sum[i] += row[i];
            }
        }
        float[] out = new float[d];
        for (int i = 0; i < d; i++) {
            out[i] = (float) (sum[i] / pick.length);
        }
        return out;
    }

    static int[] all(int n) {
        int[] out = new int[n];
        Arrays.setAll(out, k -> k);
        return out;
    }

    /** The pairwise squared distances of the rows. */
    static double[][] squaredDistances(float[][] x) {
        int n = x.length;
        double[][] d = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                d[a][b] = squaredDistance(x[a], x[b]);
                d[b][a] = d[a][b];
            }
        }
        return d;
    }

    /** The median of {@code column} (sorted in place); the mean of the two middle values for an even count, as numpy does. */
    static double median(double[] column) {
        Arrays.sort(column);
        int n = column.length;
        return n % 2 == 1 ? column[n / 2] : (column[n / 2 - 1] + column[n / 2]) / 2;
    }
}
