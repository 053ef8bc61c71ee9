package org.fedmed.core.secure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Conditional stochastic rounding: the norm bound always holds, bias and redraws stay small, Δ1 holds. */
class ConditionalRoundingTest {

    /** A vector of L2 norm exactly c (the worst case for the bound) in d coordinates of mixed sign. */
    private static float[] vectorOfNorm(double c, int d, SplittableRandom random) {
        double[] raw = new double[d];
        double norm2 = 0;
        for (int i = 0; i < d; i++) {
            raw[i] = random.nextGaussian();
            norm2 += raw[i] * raw[i];
        }
        float[] out = new float[d];
        for (int i = 0; i < d; i++) {
            out[i] = (float) (raw[i] * c / Math.sqrt(norm2) * (1 - 1e-6));
        }
        return out;
    }

    @Test
    void theBoundMatchesKairouzEtAlTheoremOne() {
        // c·s = 100, d = 400, β = e^{−1/2}: B² = min(10000 + 100 + 1·(100 + 10), 130²) = 10210.
        ConditionalRounding r = ConditionalRounding.of(1.0, 100, 400);
        assertEquals(Math.sqrt(10210), r.normBound(), 1e-9);
        // Coarse scale, many coordinates: 1 + 2500 + (1 + 50) = 2552, well below (1 + 100)².
        assertEquals(Math.sqrt(2552), ConditionalRounding.of(1.0, 1, 10_000).normBound(), 1e-9);
        // Only a tiny β makes the certain bound (c·s + √d)² the smaller one: here (0.1 + 1)².
        assertEquals(1.1, new ConditionalRounding(1.0, 0.1, 1, 1e-300).normBound(), 1e-12);
        QuantizedSensitivity s = r.sensitivity();
        assertEquals(Math.sqrt(10210), s.l2(), 1e-9);
        assertEquals(Math.min(10210, 20 * Math.sqrt(10210)), s.l1(), 1e-6);
    }

    @Test
    void theRoundedNormNeverExceedsTheBoundAndTheL1BoundHolds() {
        SplittableRandom random = new SplittableRandom(31);
        // Fine scale (the β bound binds; with d = 4 about one rounding in ten is redrawn) and coarse
        // scale with many coordinates (rounding noise dominates the norm).
        long redrawn = 0;
        for (double[] setting : new double[][] {{1.0, 100, 4}, {1.0, 20, 200}, {0.5, 3, 2000}, {2.0, 0.5, 500}}) {
            ConditionalRounding rounding = ConditionalRounding.of(setting[0], setting[1], (int) setting[2]);
            double bound = rounding.normBound();
            QuantizedSensitivity sens = rounding.sensitivity();
            long attempts = 0;
            int trials = 2000;
            for (int t = 0; t < trials; t++) {
                float[] x = vectorOfNorm(setting[0], (int) setting[2], random);
                ConditionalRounding.Rounded r = rounding.round(x, random);
                double l2 = 0;
                double l1 = 0;
                for (int q : r.values()) {
                    l2 += (double) q * q;
                    l1 += Math.abs(q);
                }
                assertTrue(Math.sqrt(l2) <= bound, "norm " + Math.sqrt(l2) + " > B=" + bound);
                assertTrue(l1 <= sens.l1(), "L1 " + l1 + " > " + sens.l1());
                attempts += r.attempts();
            }
            redrawn += attempts - trials;
            double mean = attempts / (double) trials;
            // Theorem 1 makes each draw succeed with probability ≥ 1 − β, so E[draws] ≤ 1/(1 − β) ≈ 2.54.
            assertTrue(mean <= 1 / (1 - ConditionalRounding.DEFAULT_BETA), "mean draws " + mean);
        }
        assertTrue(redrawn > 100, "the conditioning was exercised: " + redrawn + " redraws");
    }

    @Test
    void roundingStaysNearlyUnbiased() {
        // Mean of 20k conditional roundings of one fixed vector vs x·s: the conditioning's bias must stay
        // within 5 standard errors of stochastic rounding (≤ 0.5/√N per coordinate) plus 0.02 levels.
        SplittableRandom random = new SplittableRandom(32);
        int d = 100;
        double scale = 10;
        ConditionalRounding rounding = ConditionalRounding.of(1.0, scale, d);
        float[] x = vectorOfNorm(1.0, d, random);
        int trials = 20_000;
        double[] sum = new double[d];
        long attempts = 0;
        for (int t = 0; t < trials; t++) {
            ConditionalRounding.Rounded r = rounding.round(x, random);
            attempts += r.attempts();
            for (int i = 0; i < d; i++) {
                sum[i] += r.values()[i];
            }
        }
        double tolerance = 5 * 0.5 / Math.sqrt(trials) + 0.02;
        for (int i = 0; i < d; i++) {
            assertEquals(x[i] * scale, sum[i] / trials, tolerance, "coordinate " + i);
        }
        assertTrue(attempts / (double) trials < 1.5, "redraws are rare here: " + attempts / (double) trials);
    }

    @Test
    void clipsOverlongInputAndRefusesBadOnes() {
        ConditionalRounding rounding = ConditionalRounding.of(1.0, 50, 3);
        ConditionalRounding.Rounded r = rounding.round(new float[] {30f, 40f, 0f}, new SplittableRandom(33));
        double norm = Math.sqrt((double) r.values()[0] * r.values()[0] + (double) r.values()[1] * r.values()[1]);
        assertTrue(norm <= rounding.normBound(), "clipped to c before rounding: " + norm);
        assertEquals(30, r.values()[0], 1);
        assertEquals(40, r.values()[1], 1);
        assertThrows(IllegalArgumentException.class, () -> rounding.round(new float[] {Float.NaN, 0, 0}, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> rounding.round(new float[2], new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> ConditionalRounding.of(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> ConditionalRounding.of(1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> ConditionalRounding.of(1, 0x1p31, 1));
        assertThrows(IllegalArgumentException.class, () -> new ConditionalRounding(1, 1, 1, 1.0));
    }
}
