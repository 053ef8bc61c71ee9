package org.fedmed.core.aggregate.robust;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * f = 2 of n = 11 updates poisoned: each rule's aggregate stays near the honest mean, while the plain
 * mean is dragged far away. Honest updates are μ + N(0, 0.1²) per coordinate with ‖μ‖ ≈ 7.
 */
class ByzantineTest {

    private static final int N = 11;
    private static final int F = 2;
    private static final int D = 50;

    /** The rules with their tolerated error; norm bounding only bounds the poisoners' pull to (f/n)(‖μ‖ + M). */
    private static final List<Object[]> RULES = List.of(
            new Object[] {new CoordinateMedian(), 1.0},
            new Object[] {new TrimmedMean(0.2), 1.0},
            new Object[] {new Krum(F, 1), 1.0},
            new Object[] {new Krum(F, 5), 1.0},
            new Object[] {new Bulyan(F), 1.0},
            new Object[] {new GeometricMedian(50, 1e-6), 1.0},
            new Object[] {new CenteredClip(1, 30), 1.0},
            new Object[] {new NormBound(8, 0, null), 3.5});

    private static float[][] honest(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[N][D];
        for (int k = 0; k < N; k++) {
            for (int i = 0; i < D; i++) {
                x[k][i] = (float) (1.0 + 0.1 * r.nextGaussian());
            }
        }
        return x;
    }

    private static float[] honestMean(float[][] x) {
        int[] honest = new int[N - F];
        for (int k = 0; k < honest.length; k++) {
            honest[k] = k + F;
        }
        return Vectors.mean(x, honest);
    }

    private static void check(String attack, UnaryOperator<float[]> poison) {
        float[][] x = honest(attack.hashCode());
        float[] target = honestMean(x);
        for (int k = 0; k < F; k++) {
            x[k] = poison.apply(target);
        }
        double meanError = Math.sqrt(Vectors.squaredDistance(Vectors.mean(x, Vectors.all(N)), target));
        assertTrue(meanError > 10, attack + ": the plain mean should be dragged away, error " + meanError);
        for (Object[] rule : RULES) {
            VectorRule r = (VectorRule) rule[0];
            double error = Math.sqrt(Vectors.squaredDistance(r.combine(x.clone()), target));
            assertTrue(error < (double) rule[1], attack + ": " + r.describe() + " is " + error + " from the honest mean (plain mean: "
                    + meanError + ")");
        }
    }

    @Test
    void signFlippedAndScaledUpdatesDoNotDragTheRobustRules() {
        check("sign flip x10", t -> {
            float[] out = new float[D];
            for (int i = 0; i < D; i++) {
                out[i] = -10 * t[i];
            }
            return out;
        });
    }

    @Test
    void hugeRandomUpdatesDoNotDragTheRobustRules() {
        SplittableRandom r = new SplittableRandom(3);
        check("huge gaussian", t -> {
            float[] out = new float[D];
            for (int i = 0; i < D; i++) {
                out[i] = (float) (1e4 * r.nextGaussian());
            }
            return out;
        });
    }
}
