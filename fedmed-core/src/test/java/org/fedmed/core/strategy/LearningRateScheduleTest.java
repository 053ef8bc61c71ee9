package org.fedmed.core.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    private static final double TOL = 1e-12;

    @Test
    void constant() {
        LearningRateSchedule s = new LearningRateSchedule.Constant();
        assertEquals(0.01, s.at(1, 0.01));
        assertEquals(0.01, s.at(500, 0.01));
    }

    @Test
    void step() {
        // ×0.5 every 2 rounds: rounds 1-2 base, 3-4 base/2, 5-6 base/4
        LearningRateSchedule s = new LearningRateSchedule.Step(0.5, 2);
        assertEquals(0.1, s.at(1, 0.1), TOL);
        assertEquals(0.1, s.at(2, 0.1), TOL);
        assertEquals(0.05, s.at(3, 0.1), TOL);
        assertEquals(0.05, s.at(4, 0.1), TOL);
        assertEquals(0.025, s.at(5, 0.1), TOL);
        // ×0.1 every round: round 4 → base · 0.1³
        assertEquals(1e-3, new LearningRateSchedule.Step(0.1, 1).at(4, 1.0), TOL);
    }

    @Test
    void cosine() {
        // 5 rounds from 1.0 down to 0.1: lr = 0.1 + 0.9 · ½(1 + cos(π (r − 1)/4))
        LearningRateSchedule s = new LearningRateSchedule.Cosine(5, 0.1);
        assertEquals(1.0, s.at(1, 1.0), TOL);
        assertEquals(0.1 + 0.45 * (1 + Math.sqrt(0.5)), s.at(2, 1.0), TOL); // cos(π/4) = √½ → 0.868198
        assertEquals(0.55, s.at(3, 1.0), TOL);                              // cos(π/2) = 0
        assertEquals(0.1 + 0.45 * (1 - Math.sqrt(0.5)), s.at(4, 1.0), TOL); // 0.231802
        assertEquals(0.1, s.at(5, 1.0), TOL);
        assertEquals(0.1, s.at(9, 1.0), TOL); // stays at the floor after the last round
        // scales with the base; minFactor 0 goes to zero
        assertEquals(0.011, new LearningRateSchedule.Cosine(3, 0.1).at(2, 0.02), TOL); // 0.002 + 0.018·½
        assertEquals(0.0, new LearningRateSchedule.Cosine(3, 0).at(3, 0.02), TOL);
        // a single round is the base rate
        assertEquals(0.3, new LearningRateSchedule.Cosine(1, 0.1).at(1, 0.3), TOL);
    }

    @Test
    void parse() {
        assertEquals(new LearningRateSchedule.Constant(), LearningRateSchedule.parse("constant", 10));
        assertEquals(new LearningRateSchedule.Step(0.1, 3), LearningRateSchedule.parse("step:0.1:3", 10));
        assertEquals(new LearningRateSchedule.Step(0.5, 10), LearningRateSchedule.parse("step", 10));
        assertEquals(new LearningRateSchedule.Cosine(20, 0.1), LearningRateSchedule.parse("cosine", 20));
        assertEquals(new LearningRateSchedule.Cosine(10, 0.1), LearningRateSchedule.parse(" COSINE:10 ", 20));
        assertEquals(new LearningRateSchedule.Cosine(10, 0.2), LearningRateSchedule.parse("cosine:10:0.2", 20));
    }

    @Test
    void parseErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse("linear", 10));
        assertTrue(e.getMessage().contains("'linear'"), e.getMessage());
        assertTrue(e.getMessage().contains("constant"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse("step:abc", 10));
        assertTrue(e.getMessage().contains("bad number"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse("cosine:ten", 10));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse("step:2:1", 10));   // factor > 1
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse("step:0.5:0", 10)); // every < 1
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse("cosine:0", 10));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse("cosine:5:1.5", 10));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse("", 10));
    }
}
