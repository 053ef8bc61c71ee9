package org.fedmed.sim.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.junit.jupiter.api.Test;

/** The min-max and min-sum searches find the largest γ their distance constraint allows, and no larger. */
class MinMaxTest {

    private static final ModelWeights ZERO = ModelWeights.of(List.of(new TensorSpec("w", new int[] {2})), new float[] {0, 0});

    private static float[] craft(MinMax attack, float[]... honest) {
        List<ModelWeights> group = java.util.Arrays.stream(honest).map(ZERO::withValues).toList();
        return attack.craft(new AttackRound(1, "site-1", 7L, ZERO, group.get(0), () -> group)).values();
    }

    @Test
    void minMaxStaysWithinTheLargestHonestDistance() {
        // honest deltas (1, 0), (3, 0): mean (2, 0), std (√2, 0), largest pairwise distance 2
        // m = (2 − t, 0) with t = γ√2; its largest distance to the two is 1 + t ≤ 2 ⇔ t ≤ 1: m = (1, 0)
        float[] m = craft(new MinMax(false, 10), new float[] {1, 0}, new float[] {3, 0});
        assertEquals(1, m[0], 1e-3);
        assertEquals(0, m[1]);
    }

    @Test
    void minSumStaysWithinTheLargestHonestSumOfSquares() {
        // honest (0,0), (1,0), (5,0): mean 2, std √7; the largest honest sum of squared distances is that of (5,0): 25 + 16 = 41;
        // m = (2 − t, 0) gives (2 − t)² + (1 − t)² + (3 + t)² = 3t² + 14 ≤ 41 ⇔ t ≤ 3: m = (−1, 0)
        float[] m = craft(new MinMax(true, 10), new float[] {0, 0}, new float[] {1, 0}, new float[] {5, 0});
        assertEquals(-1, m[0], 1e-3);
        // min_max on the same: the largest pairwise distance is 5; m's largest is to (5,0): 3 + t ≤ 5 ⇔ t ≤ 2: m = (0, 0)
        assertEquals(0, craft(new MinMax(false, 10), new float[] {0, 0}, new float[] {1, 0}, new float[] {5, 0})[0], 1e-3);
    }

    @Test
    void aLoneAttackerHasNoSpreadToHideInAndSendsItsMean() {
        float[] m = craft(new MinMax(false, 10), new float[] {0.5f, -0.25f});
        assertEquals(0.5f, m[0]);
        assertEquals(-0.25f, m[1]);
        assertTrue(new MinMax(false, 10).needsGroup());
        assertEquals("min_sum", new MinMax(true, 10).name());
    }
}
