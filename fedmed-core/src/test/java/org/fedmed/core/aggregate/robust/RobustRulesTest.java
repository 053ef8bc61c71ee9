package org.fedmed.core.aggregate.robust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedmed.core.aggregate.AggregationRound;
import org.fedmed.core.aggregate.Contribution;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.privacy.mechanism.GaussianNoise;
import org.junit.jupiter.api.Test;

/** Known answers on small hand-computed inputs, one or more per rule. */
class RobustRulesTest {

    private static final float EPS = 1e-5f;

    static float[][] rows(double[]... r) {
        float[][] out = new float[r.length][];
        for (int k = 0; k < r.length; k++) {
            out[k] = new float[r[k].length];
            for (int i = 0; i < r[k].length; i++) {
                out[k][i] = (float) r[k][i];
            }
        }
        return out;
    }

    static float[][] scalars(double... v) {
        float[][] out = new float[v.length][];
        for (int k = 0; k < v.length; k++) {
            out[k] = new float[] {(float) v[k]};
        }
        return out;
    }

    @Test
    void theMedianTakesTheMiddleValueOrTheMeanOfTheTwoMiddleOnes() {
        // numpy.median([1, 2, 3, 100]) = 2.5 and numpy.median([-5, 0, 10, 20]) = 5
        float[][] even = rows(new double[] {1, 10}, new double[] {2, 20}, new double[] {3, -5}, new double[] {100, 0});
        assertArrayEquals(new float[] {2.5f, 5f}, new CoordinateMedian().combine(even), EPS);
        float[][] odd = rows(new double[] {1, 10}, new double[] {2, 20}, new double[] {3, -5}, new double[] {100, 0},
                new double[] {4, 7});
        assertArrayEquals(new float[] {3f, 7f}, new CoordinateMedian().combine(odd), EPS);
    }

    @Test
    void theTrimmedMeanCutsAsScipyTrimMeanDoes() {
        // scipy.stats.trim_mean([1, 2, 3, 4, 100], 0.2) = 3.0 (one value cut per side); with 0.1, int(0.5) = 0 values are
        // cut and it is the plain mean, 22.0; on [-5, 0, 7, 10, 20] with 0.2: (0 + 7 + 10) / 3
        float[][] x = rows(new double[] {1, -5}, new double[] {2, 0}, new double[] {3, 7}, new double[] {4, 10},
                new double[] {100, 20});
        assertArrayEquals(new float[] {3f, 17f / 3}, new TrimmedMean(0.2).combine(x), EPS);
        assertArrayEquals(new float[] {22f, 32f / 5}, new TrimmedMean(0.1).combine(x), EPS);
        assertEquals("trimmed_mean(β=0.2)", new TrimmedMean(0.2).describe());
    }

    @Test
    void krumKeepsTheUpdateWithTheClosestNeighboursAndMultiKrumAveragesTheBest() {
        // n = 5, f = 1: each scores its n - f - 2 = 2 nearest (squared distances), as in Blanchard et al. 2017, Sec. 4:
        // 0 → 1 + 6.25 = 7.25; 1 → 1 + 2.25 = 3.25; 2.5 → 2.25 + 2.25 = 4.5; 4 → 2.25 + 9 = 11.25; 50 → 46² + 47.5²
        float[][] x = scalars(0, 1, 2.5, 4, 50);
        assertArrayEquals(new float[] {1f}, new Krum(1, 1).combine(x), EPS);
        assertArrayEquals(new float[] {3.5f / 3}, new Krum(1, 3).combine(x), EPS);
        assertEquals("krum(f=1)", new Krum(1, 1).describe());
        assertEquals("multi_krum(f=1, m=3)", new Krum(1, 3).describe());
    }

    @Test
    void krumBreaksTiesByArrivalOrder() {
        // 1 and 2 both score 1 + 1 = 2 against their two nearest; the first to arrive wins
        assertArrayEquals(new float[] {1f}, new Krum(1, 1).combine(scalars(0, 1, 2, 3, 100)), EPS);
        assertArrayEquals(new float[] {2f}, new Krum(1, 1).combine(scalars(0, 2, 1, 3, 100)), EPS);
    }

    @Test
    void bulyanSelectsByRepeatedKrumThenAveragesTheValuesClosestToTheMedian() {
        // n = 7, f = 1: θ = 5 picked by Krum on shrinking sets (hand-traced: 2, 1, 3, 0, 4), β = θ − 2f = 3 values
        // closest to the median 2 are 1, 2, 3; 50 and −40 never get picked, their mean would be 20/7
        assertArrayEquals(new float[] {2f}, new Bulyan(1).combine(scalars(0, 1, 2, 3, 4, 50, -40)), EPS);
        // the β closest to the median, not a symmetric trim: of 0, 1, 1.5, 9, 10 (median 1.5) keep 0, 1, 1.5
        assertEquals(2.5 / 3, Bulyan.closestToMedian(new double[] {0, 1, 1.5, 9, 10}, 3), 1e-12);
        assertEquals(2.0, Bulyan.closestToMedian(new double[] {0, 1, 2, 3, 10}, 3), 1e-12);
    }

    @Test
    void theGeometricMedianOfAConvexQuadrilateralIsWhereItsDiagonalsCross() {
        // a classical fact: for four points in convex position the sum of distances is smallest at the diagonals'
        // intersection; A(0,0) B(4,0) C(5,5) D(0,2): AC is y = x, BD is y = 2 − x/2, so (4/3, 4/3) (the mean is (9/4, 7/4))
        float[][] x = rows(new double[] {0, 0}, new double[] {4, 0}, new double[] {5, 5}, new double[] {0, 2});
        assertArrayEquals(new float[] {4f / 3, 4f / 3}, new GeometricMedian(500, 1e-6).combine(x), 2e-3f);
        // on a line it is the median (Weiszfeld lands on the middle point, where ν keeps the step finite)
        assertArrayEquals(new float[] {2f}, new GeometricMedian(200, 1e-6).combine(scalars(0, 1, 2, 3, 100)), 1e-3f);
    }

    @Test
    void centredClippingMovesEachUpdatesPullByAtMostTau() {
        // τ = 1 from v = 0: (3,4) is clipped to (0.6, 0.8); (0.5, 0) and (0, 0) are within τ: v = (1.1, 0.8) / 3.
        // A second step from there gives (0.48102, 0.36128) (computed by hand with the same formula in double)
        float[][] x = rows(new double[] {3, 4}, new double[] {0.5, 0}, new double[] {0, 0});
        assertArrayEquals(new float[] {1.1f / 3, 0.8f / 3}, new CenteredClip(1, 1).combine(x), EPS);
        CenteredClip twice = new CenteredClip(1, 2);
        assertArrayEquals(new float[] {0.481021f, 0.361279f}, twice.combine(x), EPS);
        // the next round starts at this round's aggregate (Karimireddy et al. 2021, Alg. 2), so two more steps go on
        assertArrayEquals(new float[] {0.527987f, 0.406020f}, twice.combine(x), EPS);
    }

    @Test
    void centredClippingRestoresItsStartingPointFromACheckpoint() {
        float[][] x = rows(new double[] {3, 4}, new double[] {0.5, 0}, new double[] {0, 0});
        CenteredClip first = new CenteredClip(1, 2);
        first.combine(x);
        Map<String, float[]> saved = first.saveState();
        CenteredClip restarted = new CenteredClip(1, 2);
        restarted.restoreState(saved);
        assertArrayEquals(first.combine(x), restarted.combine(x), 0f);
        assertNotEquals(0f, new CenteredClip(1, 2).combine(x)[0] - restarted.combine(x)[0]);
    }

    @Test
    void normBoundingClipsEachUpdateBeforeTheMean() {
        // M = 1: (3, 4) → (0.6, 0.8), (0.5, 0) unchanged; mean (0.55, 0.4)
        float[][] x = rows(new double[] {3, 4}, new double[] {0.5, 0});
        assertArrayEquals(new float[] {0.55f, 0.4f}, new NormBound(1, 0, GaussianNoise.seeded(1)).combine(x), EPS);
        assertEquals("norm_bound(M=1.0)", new NormBound(1, 0, GaussianNoise.seeded(1)).describe());
    }

    @Test
    void normBoundingsWeakDpNoiseHasTheAskedSpreadAndRepeatsWithTheSeed() {
        int d = 20_000;
        float[][] zero = new float[][] {new float[d], new float[d]};
        float[] a = new NormBound(1, 0.5, GaussianNoise.seeded(7)).combine(zero);
        float[] b = new NormBound(1, 0.5, GaussianNoise.seeded(7)).combine(zero);
        assertArrayEquals(a, b, 0f);
        double s = 0;
        for (float v : a) {
            s += (double) v * v;
        }
        assertEquals(0.5, Math.sqrt(s / d), 0.01);
        assertEquals("norm_bound(M=1.0, σ=0.5, seeded noise)", new NormBound(1, 0.5, GaussianNoise.seeded(7)).describe());
    }

    @Test
    void aRuleAddsItsDeltaToTheGlobalModelWhetherSitesSentModelsOrDeltas() {
        ModelWeights global = ModelWeights.of(List.of(new TensorSpec("w", new int[] {2})), new float[] {10, 20});
        List<Contribution> in = new ArrayList<>();
        double[][] models = {{11, 21}, {12, 18}, {40, -50}};
        for (int k = 0; k < models.length; k++) {
            in.add(new Contribution("site-" + k, 1, global.withValues(rows(models[k])[0]), false, 10, Map.of()));
        }
        // deltas (1, 1), (2, −2), (30, −70): median (2, −2)
        assertArrayEquals(new float[] {12, 18}, new CoordinateMedian().reduce(new AggregationRound(1, global, 3), in).values(), EPS);
        List<Contribution> deltas = List.of(new Contribution("a", 1, global.withValues(new float[] {1, 1}), true, 10, Map.of()),
                new Contribution("b", 1, global.withValues(new float[] {2, -2}), true, 10, Map.of()),
                new Contribution("c", 1, global.withValues(new float[] {30, -70}), true, 10, Map.of()));
        assertArrayEquals(new float[] {12, 18}, new CoordinateMedian().reduce(new AggregationRound(1, global, 3), deltas).values(), EPS);
    }
}
