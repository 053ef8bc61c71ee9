package org.fedmed.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogRankTest {

    /**
     * The remission data (6-MP against placebo): Kleinbaum and Klein (Survival Analysis: A Self-Learning
     * Text, 3rd ed., chapter 2) give O − E = −10.26 and 10.26, E = 19.25 for the 6-MP arm and 10.75 for
     * placebo, and the log-rank statistic 16.79 (R's survdiff: Chisq = 16.8 on 1 df, p = 4.17e-05).
     */
    @Test
    void reproducesThePublishedStatisticOfTheRemissionData() {
        int n1 = FreireichRemission.MP_TIMES.length;
        int n0 = FreireichRemission.PLACEBO_TIMES.length;
        float[] times = new float[n1 + n0];
        int[] events = new int[n1 + n0];
        boolean[] mp = new boolean[n1 + n0];
        for (int i = 0; i < n1; i++) {
            times[i] = FreireichRemission.MP_TIMES[i];
            events[i] = FreireichRemission.MP_EVENTS[i];
            mp[i] = true;
        }
        for (int i = 0; i < n0; i++) {
            times[n1 + i] = FreireichRemission.PLACEBO_TIMES[i];
            events[n1 + i] = 1;
        }
        LogRank lr = LogRank.test(times, events, mp);
        assertEquals(9, lr.observed1());
        assertEquals(21, lr.observed0());
        assertEquals(19.25, lr.expected1(), 0.01);
        assertEquals(10.75, lr.expected0(), 0.01);
        assertEquals(16.79, lr.chiSquare(), 0.01);
        assertEquals(4.17e-5, lr.pValue(), 0.01e-5);

        boolean[] placebo = new boolean[mp.length];
        for (int i = 0; i < mp.length; i++) {
            placebo[i] = !mp[i];
        }
        assertEquals(lr.chiSquare(), LogRank.test(times, events, placebo).chiSquare(), 1e-9);
    }

    @Test
    void handComputedTwoByTwo() {
        // group 1 dies at 1, group 0 at 2, both started with 1 patient:
        // t=1: 2 at risk, 1 in group 1, 1 death: E1 = 1/2, V = 1·½·½·(2−1)/(2−1) = 1/4
        // t=2: 1 at risk, none in group 1: E1 += 0, V += 0 (a single patient at risk)
        // chi² = (1 − ½)² / ¼ = 1, p = P(χ²₁ ≥ 1) = 0.3173
        LogRank lr = LogRank.test(new float[] {1, 2}, new int[] {1, 1}, new boolean[] {true, false});
        assertEquals(0.5, lr.expected1(), 1e-12);
        assertEquals(0.25, lr.variance(), 1e-12);
        assertEquals(1.0, lr.chiSquare(), 1e-12);
        assertEquals(0.3173, lr.pValue(), 1e-4);
    }

    @Test
    void oneEmptyGroupHasNoStatistic() {
        LogRank lr = LogRank.test(new float[] {1, 2, 3}, new int[] {1, 0, 1}, new boolean[] {false, false, false});
        assertTrue(Double.isNaN(lr.chiSquare()));
        assertTrue(Double.isNaN(lr.pValue()));
    }
}
