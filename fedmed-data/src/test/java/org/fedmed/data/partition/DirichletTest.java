package org.fedmed.data.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DirichletTest {

    @Test
    void gammaHasTheRightMeanAndVariance() {
        for (double shape : new double[] {0.1, 0.5, 1, 3, 50}) {
            Random rng = new Random(1);
            int n = 200_000;
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < n; i++) {
                double g = Dirichlet.gamma(shape, rng);
                assertTrue(g >= 0);
                sum += g;
                sumSq += g * g;
            }
            double mean = sum / n;
            assertEquals(shape, mean, 0.02 * Math.max(1, shape), "mean for shape " + shape);
            assertEquals(shape, sumSq / n - mean * mean, 0.05 * Math.max(1, shape), "variance for shape " + shape);
        }
    }

    @Test
    void dirichletProportionsAreValidEvenForTinyAlpha() {
        Random rng = new Random(2);
        for (double alpha : new double[] {0.001, 0.01, 1, 1000}) {
            double[] p = Dirichlet.sample(alpha, 8, rng);
            double total = 0;
            for (double x : p) {
                assertTrue(x >= 0 && Double.isFinite(x));
                total += x;
            }
            assertEquals(1.0, total, 1e-12);
        }
    }

    @Test
    void allocationSumsExactly() {
        int[] counts = Dirichlet.allocate(101, new double[] {0.5, 0.25, 0.25});
        assertEquals(101, counts[0] + counts[1] + counts[2]);
        assertEquals(51, counts[0], 1);
    }
}
