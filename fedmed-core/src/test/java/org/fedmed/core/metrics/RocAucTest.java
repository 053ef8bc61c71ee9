package org.fedmed.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RocAucTest {

    private static final double TOL = 1e-12;

    @Test
    void tieBetweenPositiveAndNegativeCountsHalf() {
        // positives 0.9, 0.6, 0.4; negatives 0.7, 0.4, 0.2, 0.1 → 12 pairs
        // 0.9 beats all 4; 0.6 beats 0.4, 0.2, 0.1 (3); 0.4 ties 0.4 (0.5) and beats 0.2, 0.1 (2)
        // AUC = (4 + 3 + 2.5) / 12 = 9.5 / 12
        int[] labels = {1, 0, 1, 0, 1, 0, 0};
        double[] scores = {0.9, 0.7, 0.6, 0.4, 0.4, 0.2, 0.1};
        assertEquals(9.5 / 12, RocAuc.binary(labels, scores, 1), TOL);
        // the order of the examples does not matter
        int[] l2 = {0, 1, 0, 1, 0, 0, 1};
        double[] s2 = {0.1, 0.4, 0.4, 0.9, 0.7, 0.2, 0.6};
        assertEquals(9.5 / 12, RocAuc.binary(l2, s2, 1), TOL);
        // class 0 as the positive one with the same scores: 1 − 9.5/12
        assertEquals(2.5 / 12, RocAuc.binary(labels, scores, 0), TOL);
    }

    @Test
    void perfectReversedAndConstantScores() {
        int[] labels = {0, 0, 1, 1};
        assertEquals(1.0, RocAuc.binary(labels, new double[] {0.1, 0.2, 0.8, 0.9}, 1), TOL);
        assertEquals(0.0, RocAuc.binary(labels, new double[] {0.9, 0.8, 0.2, 0.1}, 1), TOL);
        assertEquals(0.5, RocAuc.binary(labels, new double[] {0.5, 0.5, 0.5, 0.5}, 1), TOL);
        // a tie group mixing two positives and one negative: 2 half-pairs plus the rest
        // positives 0.5, 0.5; negatives 0.5, 0.1 → (0.5 + 1) + (0.5 + 1) = 3 of 4 pairs
        assertEquals(0.75, RocAuc.binary(new int[] {1, 1, 0, 0}, new double[] {0.5, 0.5, 0.5, 0.1}, 1), TOL);
    }

    @Test
    void undefinedWhenOneClassIsAbsent() {
        assertTrue(Double.isNaN(RocAuc.binary(new int[] {1, 1, 1}, new double[] {0.1, 0.5, 0.9}, 1)));
        assertTrue(Double.isNaN(RocAuc.binary(new int[] {0, 0}, new double[] {0.1, 0.5}, 1)));
        assertTrue(Double.isNaN(RocAuc.binary(new int[0], new double[0], 1)));
        // one-vs-rest with a class that does not occur
        assertTrue(Double.isNaN(RocAuc.binary(new int[] {0, 1, 2}, new double[] {0.1, 0.5, 0.9}, 3)));
    }

    @Test
    void binaryMetricsAreNaNWhenOneClassIsAbsent() {
        float[] p = {0.2f, 0.8f, 0.6f, 0.4f};
        ClassificationMetrics m = ClassificationMetrics.of(new int[] {1, 1}, p, 2);
        assertTrue(Double.isNaN(m.rocAuc()));
        assertEquals(0.5, m.accuracy(), TOL);
    }
}
