package org.fedmed.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RocCurveTest {

    @Test
    void aSmallCurveByHand() {
        // scores 0.9 (pos), 0.8 (neg), 0.7 (pos), 0.7 (neg), 0.1 (neg): the tie at 0.7 is one diagonal step
        RocCurve c = RocCurve.of(new int[] {1, 0, 1, 0, 0}, new double[] {0.9, 0.8, 0.7, 0.7, 0.1}, 1);
        assertArrayEquals(new double[] {0, 0, 1.0 / 3, 2.0 / 3, 1}, c.fpr(), 1e-12);
        assertArrayEquals(new double[] {0, 0.5, 0.5, 1, 1}, c.tpr(), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, c.thresholds()[0]);
        assertEquals(0.7, c.thresholds()[3]);
        // trapezoids: 1/3·0.5 + 1/3·0.75 + 1/3·1 = 0.75
        assertEquals(0.75, c.auc(), 1e-12);
        assertNull(RocCurve.of(new int[] {1, 1}, new double[] {0.2, 0.3}, 1));
    }

    @Test
    void itsAreaIsTheMannWhitneyAuc() {
        Random rng = new Random(3);
        int n = 500;
        int[] labels = new int[n];
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(2);
            // rounded, so that ties occur
            scores[i] = Math.round((rng.nextGaussian() + labels[i]) * 10) / 10.0;
        }
        assertEquals(RocAuc.binary(labels, scores, 1), RocCurve.of(labels, scores, 1).auc(), 1e-12);
    }
}
