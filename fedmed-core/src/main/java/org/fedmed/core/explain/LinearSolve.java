package org.fedmed.core.explain;

/** Solves the small symmetric normal equations of Kernel SHAP (Gaussian elimination, partial pivoting). */
final class LinearSolve {

    /** A ridge this small against the diagonal's scale only keeps a rank-deficient system solvable. */
    private static final double RIDGE = 1e-10;

    private LinearSolve() {
    }

    /** x with (A + εI) x = b; A and b are not modified. */
    static double[] solve(double[][] matrix, double[] rhs) {
        int n = rhs.length;
        double scale = 0;
        for (int i = 0; i < n; i++) {
            scale = Math.max(scale, Math.abs(matrix[i][i]));
        }
        double[][] a = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(matrix[i], 0, a[i], 0, n);
            a[i][i] += RIDGE * Math.max(scale, 1e-300);
            a[i][n] = rhs[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            double d = a[col][col];
            if (d == 0) {
                continue;
            }
            for (int r = col + 1; r < n; r++) {
                double f = a[r][col] / d;
                if (f != 0) {
                    for (int c = col; c <= n; c++) {
                        a[r][c] -= f * a[col][c];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = a[i][n];
            for (int c = i + 1; c < n; c++) {
                s -= a[i][c] * x[c];
            }
            x[i] = a[i][i] == 0 ? 0 : s / a[i][i];
        }
        return x;
    }
}
