package org.fedmed.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OperatingThresholdTest {

    private static final double[] TENTHS = ThresholdCounts.grid(10);

    @Test
    void theGridLiesStrictlyInsideTheUnitInterval() {
        assertArrayEquals(new double[] {0.25, 0.5, 0.75}, ThresholdCounts.grid(4), 1e-12);
        assertEquals(9, TENTHS.length);
        assertThrows(IllegalArgumentException.class, () -> ThresholdCounts.grid(1));
    }

    @Test
    void countsAtOrAboveEachThresholdByClass() {
        // a score equal to a threshold counts as at or above it
        ThresholdCounts c = ThresholdCounts.of(new double[] {0.3, 0.5, 0.7}, new int[] {1, 1, 0, 0, 1},
                new double[] {0.5, 0.9, 0.5, 0.1, 0.2}, 1);
        assertArrayEquals(new long[] {2, 2, 1}, c.positivesAbove());
        assertArrayEquals(new long[] {1, 1, 0}, c.negativesAbove());
        assertEquals(3, c.positives());
        assertEquals(2, c.negatives());
    }

    @Test
    void sitesCountsAddUpToThePooledCounts() {
        Random rnd = new Random(3);
        int[] labels = new int[200];
        double[] scores = new double[200];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rnd.nextInt(2);
            scores[i] = Math.min(1, Math.max(0, 0.3 * labels[i] + 0.7 * rnd.nextDouble()));
        }
        ThresholdCounts pooled = ThresholdCounts.of(TENTHS, labels, scores, 1);
        ThresholdCounts a = ThresholdCounts.of(TENTHS, Arrays.copyOf(labels, 70), Arrays.copyOf(scores, 70), 1);
        ThresholdCounts b = ThresholdCounts.of(TENTHS, Arrays.copyOfRange(labels, 70, 200),
                Arrays.copyOfRange(scores, 70, 200), 1);
        assertEquals(pooled, ThresholdCounts.sum(List.of(a, b)));
        long[] pos = pooled.positivesAbove();
        long[] neg = pooled.negativesAbove();
        for (int k = 1; k < pos.length; k++) {
            assertTrue(pos[k] <= pos[k - 1] && neg[k] <= neg[k - 1], "counts never grow with the threshold");
        }
        assertThrows(IllegalArgumentException.class, () -> a.plus(ThresholdCounts.of(ThresholdCounts.grid(4), labels, scores, 1)));
    }

    @Test
    void countsNoDataCouldProduceAreRefused() {
        double[] t = {0.3, 0.6};
        assertThrows(IllegalArgumentException.class, () -> new ThresholdCounts(t, new long[] {1, 2}, new long[] {0, 0}, 2, 0),
                "a count that grows with the threshold");
        assertThrows(IllegalArgumentException.class, () -> new ThresholdCounts(t, new long[] {3, 1}, new long[] {0, 0}, 2, 0),
                "more cases above a threshold than in all");
        assertThrows(IllegalArgumentException.class, () -> new ThresholdCounts(t, new long[] {1, 1}, new long[] {0, -1}, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new ThresholdCounts(new double[] {0.6, 0.3}, new long[] {1, 1},
                new long[] {0, 0}, 2, 0), "thresholds out of order");
    }

    @Test
    void theLargestThresholdThatReachesTheTargetIsChosen() {
        // positives score 0.95, 0.85, 0.65, 0.45, 0.15; negatives 0.75, 0.35, 0.25, 0.05
        int[] labels = {1, 1, 1, 1, 1, 0, 0, 0, 0};
        double[] scores = {0.95, 0.85, 0.65, 0.45, 0.15, 0.75, 0.35, 0.25, 0.05};
        ThresholdCounts c = ThresholdCounts.of(TENTHS, labels, scores, 1);
        OperatingThreshold t = OperatingThreshold.choose(c, 0.8);
        // 4 of 5 positives score >= 0.4 but only 3 of 5 score >= 0.5
        assertEquals(0.4, t.threshold(), 1e-12);
        assertEquals(0.8, t.validationSensitivity(), 1e-12);
        assertEquals(0.75, t.validationSpecificity(), 1e-12);
        assertTrue(t.targetMet());
        // a lower target moves the threshold up, never down
        assertEquals(0.6, OperatingThreshold.choose(c, 0.6).threshold(), 1e-12);
        assertEquals(0.9, OperatingThreshold.choose(c, 0.2).threshold(), 1e-12);
        double previous = 1;
        for (double target = 0.05; target <= 1.0; target += 0.05) {
            OperatingThreshold x = OperatingThreshold.choose(c, target);
            assertTrue(x.threshold() <= previous, "a higher target never raises the threshold");
            assertTrue(x.validationSensitivity() >= target || !x.targetMet());
            previous = x.threshold();
        }
    }

    @Test
    void tiedScoresMoveTogether() {
        // three positives tie at 0.5 with a negative: no threshold separates them
        int[] labels = {1, 1, 1, 1, 0, 0};
        double[] scores = {0.9, 0.5, 0.5, 0.5, 0.5, 0.2};
        OperatingThreshold t = OperatingThreshold.choose(ThresholdCounts.of(TENTHS, labels, scores, 1), 0.5);
        // sensitivity is 0.25 above 0.5 and jumps to 1 at 0.5, taking the tied negative with it
        assertEquals(0.5, t.threshold(), 1e-12);
        assertEquals(1.0, t.validationSensitivity(), 1e-12);
        assertEquals(0.5, t.validationSpecificity(), 1e-12);
    }

    @Test
    void aTargetNoCandidateMeetsFallsBackToTheLowestThresholdAndSaysSo() {
        // two of four positives score below every candidate
        int[] labels = {1, 1, 1, 1, 0};
        double[] scores = {0.9, 0.6, 0.05, 0.01, 0.3};
        OperatingThreshold t = OperatingThreshold.choose(ThresholdCounts.of(TENTHS, labels, scores, 1), 0.8);
        assertFalse(t.targetMet());
        assertEquals(0.1, t.threshold(), 1e-12);
        assertEquals(0.5, t.validationSensitivity(), 1e-12);
    }

    @Test
    void validationDataOfOneClass() {
        ThresholdCounts negativesOnly = ThresholdCounts.of(TENTHS, new int[] {0, 0, 0}, new double[] {0.1, 0.6, 0.3}, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OperatingThreshold.choose(negativesOnly, 0.8));
        assertTrue(e.getMessage().contains("no positive case"), e.getMessage());
        // positives only: the threshold is defined, the specificity is not
        OperatingThreshold t = OperatingThreshold.choose(ThresholdCounts.of(TENTHS, new int[] {1, 1}, new double[] {0.7, 0.3}, 1), 1.0);
        assertEquals(0.3, t.threshold(), 1e-12);
        assertTrue(Double.isNaN(t.validationSpecificity()));
    }

    @Test
    void targetsOutsideTheUnitIntervalAreRefused() {
        ThresholdCounts c = ThresholdCounts.of(TENTHS, new int[] {1, 0}, new double[] {0.7, 0.3}, 1);
        assertThrows(IllegalArgumentException.class, () -> OperatingThreshold.choose(c, 0));
        assertThrows(IllegalArgumentException.class, () -> OperatingThreshold.choose(c, 1.2));
        assertThrows(IllegalArgumentException.class, () -> OperatingThreshold.choose(c, Double.NaN));
    }

    @Test
    void evaluatingAtTheThresholdCallsScoresAtOrAboveItPositive() {
        OperatingThreshold t = new OperatingThreshold(0.3, 0.8, 1, 1, true, 1, 1);
        ClassificationMetrics m = t.evaluate(new int[] {1, 1, 0, 0, 1}, new double[] {0.3, 0.9, 0.5, 0.1, 0.2});
        assertArrayEquals(new long[][] {{1, 1}, {1, 2}}, m.confusion());
        assertEquals(2.0 / 3, m.sensitivity(), 1e-12);
        assertEquals(0.5, m.specificity(), 1e-12);
        assertEquals(RocAuc.binary(new int[] {1, 1, 0, 0, 1}, new double[] {0.3, 0.9, 0.5, 0.1, 0.2}, 1), m.rocAuc(), 1e-12);
    }
}
