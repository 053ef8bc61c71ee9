package org.fedmed.core.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ThresholdAttackTest {

    private static double[] gaussian(int n, double mean, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = mean + r.nextGaussian();
        }
        return x;
    }

    @Test
    void separatedScoresGiveFullAdvantageAndAPositiveBound() {
        double[] members = gaussian(500, 100, 1);
        double[] non = gaussian(500, 0, 2);
        AttackResult a = ThresholdAttack.evaluate("t", members, non, 1e-5, 0.95, 0.01);
        assertEquals(1.0, a.auc(), 1e-12);
        assertEquals(1.0, a.advantage(), 1e-12);
        assertEquals(1.0, a.tprAtLowFpr(), 1e-12);
        // with 500 of each and nothing wrong, the bound is ≈ log(TPR_low / FPR_high) ≈ log(0.98 / 0.017)
        assertTrue(a.epsilonLowerBound() > 3.8 && a.epsilonLowerBound() < 5, "bound " + a.epsilonLowerBound());
    }

    @Test
    void identicalDistributionsShowNothing() {
        for (long seed = 0; seed < 20; seed++) {
            AttackResult a = ThresholdAttack.evaluate("t", gaussian(400, 0, seed), gaussian(400, 0, 1000 + seed), 1e-5, 0.95, 0.01);
            assertEquals(0.5, a.auc(), 0.06);
            assertTrue(a.advantage() < 0.12, "advantage " + a.advantage());
            // the bound must not be fooled by picking the luckiest threshold
            assertEquals(0.0, a.epsilonLowerBound(), 1e-12, "seed " + seed);
        }
    }

    @Test
    void tiesCountHalfInTheAuc() {
        AttackResult a = ThresholdAttack.evaluate("t", new double[] {1, 1}, new double[] {1, 1}, 0, 0.95, 0.01);
        assertEquals(0.5, a.auc(), 1e-12);
        assertEquals(0.0, a.advantage(), 1e-12);
        assertEquals(0.0, a.epsilonLowerBound(), 1e-12);
        AttackResult b = ThresholdAttack.evaluate("t", new double[] {3, 1}, new double[] {2, 0}, 0, 0.95, 0.01);
        assertEquals(0.75, b.auc(), 1e-12); // pairs won: 3>2, 3>0, 1>0; lost 1<2
        assertEquals(0.5, b.advantage(), 1e-12);
    }

    @Test
    void theBoundNeverExceedsWhatTheRatesAllow() {
        // a mechanism that is exactly ε-DP on one bit: randomized response with e^ε/(1+e^ε) truth
        double eps = 1.0;
        double keep = Math.exp(eps) / (1 + Math.exp(eps));
        Random r = new Random(5);
        int n = 5000;
        double[] members = new double[n];
        double[] non = new double[n];
        for (int i = 0; i < n; i++) {
            members[i] = r.nextDouble() < keep ? 1 : 0;
            non[i] = r.nextDouble() < keep ? 0 : 1;
        }
        AttackResult a = ThresholdAttack.evaluate("rr", members, non, 0, 0.95, 0.01);
        assertTrue(a.epsilonLowerBound() < eps, "a valid bound stays below the true ε: " + a.epsilonLowerBound());
        assertTrue(a.epsilonLowerBound() > 0.8, "and with 5000 trials comes close to it: " + a.epsilonLowerBound());
    }
}
