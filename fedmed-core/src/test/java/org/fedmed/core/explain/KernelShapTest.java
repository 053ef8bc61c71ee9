package org.fedmed.core.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class KernelShapTest {

    /** f(x) = w·x + b, whose interventional Shapley values are w_j (x_j − E_b[x_j]). */
    private static Predictor linear(double[] w, double b) {
        return rows -> {
            double[] out = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                double s = b;
                for (int j = 0; j < w.length; j++) {
                    s += w[j] * rows[i][j];
                }
                out[i] = s;
            }
            return out;
        };
    }

    private static double[][] gaussianRows(int n, int m, Random r) {
        double[][] rows = new double[n][m];
        for (double[] row : rows) {
            for (int j = 0; j < m; j++) {
                row[j] = r.nextGaussian() + j * 0.1;
            }
        }
        return rows;
    }

    private static double[] exactLinear(double[] w, double[] x, double[][] background) {
        double[] phi = new double[w.length];
        for (int j = 0; j < w.length; j++) {
            double mean = 0;
            for (double[] b : background) {
                mean += b[j];
            }
            phi[j] = w[j] * (x[j] - mean / background.length);
        }
        return phi;
    }

    @Test
    void enumeratedCoalitionsGiveTheExactLinearShapValues() {
        Random r = new Random(1);
        double[] w = {0.5, -2.0, 1.5, 0.0, 3.0, -0.7};
        double[][] background = gaussianRows(15, w.length, r);
        KernelShap shap = new KernelShap(linear(w, 0.3), background, 1000);
        double[] x = {1.0, 2.0, -1.0, 5.0, 0.5, 0.2};
        assertArrayEquals(exactLinear(w, x, background), shap.explain(x, new Random(2)), 1e-8);
    }

    @Test
    void sampledCoalitionsApproachTheLinearShapValuesWithManyFeatures() {
        Random r = new Random(3);
        int m = 20;
        double[] w = new double[m];
        for (int j = 0; j < m; j++) {
            w[j] = r.nextGaussian();
        }
        double[][] background = gaussianRows(10, m, r);
        double[] x = gaussianRows(1, m, r)[0];
        double[] phi = new KernelShap(linear(w, -1), background, 2000).explain(x, new Random(4));
        // a linear model is fitted exactly by any full-rank design: sampling adds no error here
        assertArrayEquals(exactLinear(w, x, background), phi, 1e-6);
    }

    @Test
    void valuesSumToTheOutputMinusTheBaseValueForANonlinearModel() {
        Random r = new Random(5);
        int m = 16;
        Predictor model = rows -> {
            double[] out = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                double z = rows[i][0] * rows[i][1] - Math.sin(rows[i][2]) + 0.4 * rows[i][7] * rows[i][7];
                out[i] = 1 / (1 + Math.exp(-z));
            }
            return out;
        };
        double[][] background = gaussianRows(8, m, r);
        KernelShap shap = new KernelShap(model, background, 512);
        double[] x = gaussianRows(1, m, r)[0];
        double[] phi = shap.explain(x, new Random(6));
        double sum = 0;
        for (double v : phi) {
            sum += v;
        }
        assertEquals(model.predict(new double[][] {x})[0] - shap.baseValue(), sum, 1e-9);
        // features the model never reads get (near) nothing; a used one gets more than all unused together
        double unused = 0;
        for (int j = 8; j < m; j++) {
            unused += Math.abs(phi[j]);
        }
        assertEquals(0, unused, 0.05);
    }

    @Test
    void shapleyKernelWeightsFollowThePaper() {
        // M = 4, s = 1: (M−1) / (C(4,1)·1·3) = 3 / 12
        assertEquals(0.25, Coalitions.kernel(4, 1), 1e-15);
        assertEquals(3.0 / (6 * 2 * 2), Coalitions.kernel(4, 2), 1e-15);
        assertEquals(14, Coalitions.enumerate(4).size());
        Coalitions sampled = Coalitions.of(30, 100, new Random(1));
        assertEquals(100, sampled.size());
        for (int k = 0; k < sampled.size(); k += 2) {
            boolean[] a = sampled.members().get(k);
            boolean[] b = sampled.members().get(k + 1);
            for (int j = 0; j < 30; j++) {
                assertEquals(!a[j], b[j], "pairs are complements");
            }
        }
    }

    @Test
    void refusesRowsOfAnotherWidth() {
        KernelShap shap = new KernelShap(linear(new double[] {1, 2}, 0), new double[][] {{0, 0}}, 10);
        assertThrows(IllegalArgumentException.class, () -> shap.explain(new double[] {1, 2, 3}, new Random(1)));
    }
}
