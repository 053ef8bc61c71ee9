package org.fedmed.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class KaplanMeierTest {

    @Test
    void handComputedCurveWithATieBetweenAnEventAndACensoring() {
        // sorted: 1(e) 2(e) 2(c) 3(e) 4(c) 5(e)
        // t=1: 6 at risk, S = 5/6; t=2: 5 at risk (the censored 2 still counts), S = 5/6·4/5 = 4/6
        // t=3: 3 at risk, S = 4/6·2/3 = 4/9; t=4 censored: no step; t=5: 1 at risk, S = 0
        KaplanMeier km = KaplanMeier.fit(new float[] {5, 2, 1, 4, 2, 3}, new int[] {1, 0, 1, 0, 1, 1});
        assertArrayEquals(new double[] {1, 2, 3, 5}, km.times(), 0);
        assertArrayEquals(new int[] {6, 5, 3, 1}, km.atRisk());
        assertArrayEquals(new int[] {1, 1, 1, 1}, km.events());
        assertArrayEquals(new double[] {5 / 6.0, 4 / 6.0, 4 / 9.0, 0}, km.survival(), 1e-12);
        assertEquals(6, km.samples());
        assertEquals(5, km.lastTime());
        assertEquals(1, km.survivalAt(0.5), 0);
        assertEquals(4 / 6.0, km.survivalAt(2), 1e-12);
        assertEquals(4 / 9.0, km.survivalAt(4.5), 1e-12);
    }

    /**
     * Freireich et al. (Blood 1963), the 6-MP arm of the leukaemia remission trial (weeks; + censored):
     * 6 6 6 6+ 7 9+ 10 10+ 11+ 13 16 17+ 19+ 20+ 22 23 25+ 32+ 32+ 34+ 35+. The product-limit estimates
     * are the published ones of Kleinbaum and Klein, Survival Analysis: A Self-Learning Text (3rd ed.,
     * Springer 2012), chapter 2: 0.8571, 0.8067, 0.7529, 0.6902, 0.6275, 0.5378, 0.4482.
     */
    @Test
    void reproducesThePublishedCurveOfTheRemissionData() {
        KaplanMeier km = KaplanMeier.fit(FreireichRemission.MP_TIMES, FreireichRemission.MP_EVENTS);
        assertArrayEquals(new double[] {6, 7, 10, 13, 16, 22, 23}, km.times(), 0);
        assertArrayEquals(new int[] {21, 17, 15, 12, 11, 7, 6}, km.atRisk());
        assertArrayEquals(new double[] {0.8571, 0.8067, 0.7529, 0.6902, 0.6275, 0.5378, 0.4482}, km.survival(), 5e-5);
        assertEquals(35, km.lastTime());
    }

    @Test
    void noEventsLeaveTheCurveAtOne() {
        KaplanMeier km = KaplanMeier.fit(new float[] {3, 1}, new int[] {0, 0});
        assertEquals(0, km.times().length);
        assertEquals(1, km.survivalAt(10), 0);
        assertEquals(3, km.lastTime());
    }
}
