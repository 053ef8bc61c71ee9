package org.fedmed.core.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PermutationImportanceTest {

    @Test
    void anUnusedFeatureScoresZeroAndTheUsedOneScoresHigh() {
        Random r = new Random(7);
        int n = 200;
        double[][] rows = new double[n][3];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                rows[i][j] = r.nextGaussian();
            }
            labels[i] = rows[i][0] + 0.3 * rows[i][1] > 0 ? 1 : 0;
        }
        // reads features 0 and 1, never feature 2
        Predictor model = x -> {
            double[] p = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                p[i] = 1 / (1 + Math.exp(-4 * (x[i][0] + 0.3 * x[i][1])));
            }
            return p;
        };
        double[] importance = PermutationImportance.of(model, rows, labels, 3, new Random(8));
        assertEquals(0.0, importance[2], 1e-12);
        assertTrue(importance[0] > 0.2, "the deciding feature: " + importance[0]);
        assertTrue(importance[0] > importance[1] && importance[1] > 0, "weaker feature: " + importance[1]);
    }
}
