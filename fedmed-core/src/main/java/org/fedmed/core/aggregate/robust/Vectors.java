package org.fedmed.core.aggregate.robust;

import java.util.Arrays;

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
