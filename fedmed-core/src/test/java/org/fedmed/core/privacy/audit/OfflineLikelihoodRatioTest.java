package org.fedmed.core.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class OfflineLikelihoodRatioTest {

    @Test
    void scoresAreDistanceAboveTheOutDistributionInPooledSigmas() {
        // two examples, three shadows; example 0 out in shadows 0 and 1, example 1 out in 1 and 2
        double[][] shadows = {{1, 9}, {3, 4}, {7, 6}};
        boolean[][] in = {{false, true}, {false, false}, {true, false}};
        double[] s = OfflineLikelihoodRatio.scores(new double[] {4, 5}, shadows, in);
        // means 2 and 5; residuals ±1, ±1 over 4 values with 2 means: σ = √(4/2)
        assertEquals((4 - 2) / Math.sqrt(2), s[0], 1e-12);
        assertEquals(0.0, s[1], 1e-12);
    }

    @Test
    void perExampleDifficultyIsCalibratedAway() {
        // examples differ in how confident any model is; members get a small lift in the target
        Random r = new Random(3);
        int n = 400;
        int k = 8;
        double[] difficulty = new double[n];
        for (int i = 0; i < n; i++) {
            difficulty[i] = 4 * r.nextGaussian();
        }
        double[][] shadows = new double[k][n];
        boolean[][] in = new boolean[k][n];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < n; i++) {
                in[j][i] = r.nextBoolean();
                shadows[j][i] = difficulty[i] + (in[j][i] ? 1 : 0) + 0.3 * r.nextGaussian();
            }
        }
        double[] target = new double[n];
        double[] lossMembers = new double[n / 2];
        double[] lossNon = new double[n / 2];
        for (int i = 0; i < n; i++) {
            target[i] = difficulty[i] + (i < n / 2 ? 1 : 0) + 0.3 * r.nextGaussian();
            (i < n / 2 ? lossMembers : lossNon)[i % (n / 2)] = target[i];
        }
        double[] lira = OfflineLikelihoodRatio.scores(target, shadows, in);
        double[] liraMembers = java.util.Arrays.copyOfRange(lira, 0, n / 2);
        double[] liraNon = java.util.Arrays.copyOfRange(lira, n / 2, n);
        AttackResult plain = ThresholdAttack.evaluate("loss", lossMembers, lossNon, 1e-5, 0.95, 0.01);
        AttackResult calibrated = ThresholdAttack.evaluate("lira", liraMembers, liraNon, 1e-5, 0.95, 0.01);
        assertTrue(calibrated.auc() > 0.9, "LiRA sees through difficulty: " + calibrated);
        assertTrue(plain.auc() < 0.7, "a plain threshold does not: " + plain);
    }

    @Test
    void needsSomeOutModels() {
        assertThrows(IllegalArgumentException.class,
                () -> OfflineLikelihoodRatio.scores(new double[] {1}, new double[][] {{1}}, new boolean[][] {{true}}));
    }
}
