package org.fedmed.core.contribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** Exact Shapley, GTG-Shapley and leave-one-out on small games whose values are known. */
class ShapleyTest {

    private static final double[] WEIGHTS = {0.4, -0.1, 0.25, 0.0, 0.05};

    /** v(S) = 0.5 + Σ_{i∈S} w_i: each player's value is its weight. */
    private static double additive(BitSet s) {
        return 0.5 + s.stream().mapToDouble(i -> WEIGHTS[i]).sum();
    }

    /** A game with interactions: v(S) = sqrt(Σ_{i∈S} c_i), players 1 and 2 alike, player 3 adds nothing. */
    private static double concave(BitSet s) {
        double[] c = {4, 1, 1, 0};
        return Math.sqrt(s.stream().mapToDouble(i -> c[i]).sum());
    }

    private static double worth(SubsetUtility v, int n, boolean all) {
        BitSet s = new BitSet(n);
        if (all) {
            s.set(0, n);
        }
        return v.value(s);
    }

    @Test
    void exactShapleyOfAnAdditiveGameIsTheWeights() {
        assertArrayEquals(WEIGHTS, ExactShapley.values(5, ShapleyTest::additive), 1e-12);
    }

    @Test
    void exactShapleyIsEfficientSymmetricAndGivesANullPlayerNothing() {
        double[] phi = ExactShapley.values(4, ShapleyTest::concave);
        assertEquals(worth(ShapleyTest::concave, 4, true) - worth(ShapleyTest::concave, 4, false), Arrays.stream(phi).sum(), 1e-12);
        assertEquals(phi[1], phi[2], 1e-12);
        assertEquals(0, phi[3], 1e-12);
        assertTrue(phi[0] > phi[1], "the larger player is worth more: " + Arrays.toString(phi));
    }

    @Test
    void leaveOneOutOfAnAdditiveGameIsTheWeightsAtNPlusOneEvaluations() {
        CachedUtility v = new CachedUtility(ShapleyTest::additive);
        assertArrayEquals(WEIGHTS, LeaveOneOut.values(5, v), 1e-12);
        assertEquals(6, v.evaluations());
    }

    @Test
    void gtgShapleyOfAnAdditiveGameIsExact() {
        GtgShapley.Estimate e = GtgShapley.values(5, ShapleyTest::additive, GtgShapley.DEFAULTS);
        assertArrayEquals(WEIGHTS, e.values(), 1e-12);
        assertTrue(e.permutations() >= 5 && e.permutations() % 5 == 0, "whole guided cycles: " + e.permutations());
    }

    @Test
    void gtgShapleyApproachesTheExactValuesOfAGameWithInteractions() {
        double[] exact = ExactShapley.values(4, ShapleyTest::concave);
        GtgShapley.Estimate e = GtgShapley.values(4, ShapleyTest::concave, GtgShapley.DEFAULTS);
        for (int i = 0; i < 4; i++) {
            assertEquals(exact[i], e.values()[i], 0.1, "player " + i + ": " + Arrays.toString(e.values()) + " vs " + Arrays.toString(exact));
        }
        // every permutation's marginal gains add up to v(N) − v(∅), so the running means do too
        assertEquals(2.449489742783178, Arrays.stream(e.values()).sum(), 1e-9);
    }

    @Test
    void aRoundThatMovedTheUtilityByLessThanTheToleranceIsTruncatedAfterTwoEvaluations() {
        CachedUtility v = new CachedUtility(s -> 0.9 + 0.0001 * s.cardinality());
        GtgShapley.Estimate e = GtgShapley.values(5, v, GtgShapley.DEFAULTS);
        assertTrue(e.roundTruncated());
        assertArrayEquals(new double[5], e.values());
        assertEquals(2, v.evaluations());
    }

    @Test
    void withinRoundTruncationSkipsCoalitionsOnceTheFullWorthIsReached() {
        // only player 0 matters: after it joins a permutation, the others' coalitions need no evaluation
        SubsetUtility onlyFirst = s -> s.get(0) ? 1.0 : 0.0;
        CachedUtility truncated = new CachedUtility(onlyFirst);
        GtgShapley.Estimate e = GtgShapley.values(6, truncated, GtgShapley.DEFAULTS);
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, 0}, e.values(), 1e-12);
        GtgShapley.Settings noTruncation = new GtgShapley.Settings(0.001, 0, 0.05, 2, 20, 42);
        CachedUtility full = new CachedUtility(onlyFirst);
        GtgShapley.values(6, full, noTruncation);
        assertTrue(truncated.evaluations() < full.evaluations(),
                "truncated " + truncated.evaluations() + " vs untruncated " + full.evaluations());
        assertTrue(truncated.evaluations() < 1 << 6);
    }

    @Test
    void guidedSamplingPutsEachPlayerFirstEquallyOften() {
        int[] firsts = new int[4];
        BitSet seen = new BitSet();
        GtgShapley.values(4, s -> {
            if (s.cardinality() == 1) {
                firsts[s.nextSetBit(0)]++;
            }
            seen.or(s);
            return s.cardinality();
        }, new GtgShapley.Settings(0, 0, 1e-9, 3, 3, 1));
        // every cycle opens one permutation with each player: 3 cycles, 3 single-player coalitions each
        assertArrayEquals(new int[] {3, 3, 3, 3}, firsts);
    }

    @Test
    void exactShapleyRefusesMorePlayersThanItCanEnumerate() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExactShapley.values(17, s -> 0));
        assertTrue(e.getMessage().contains("GTG-Shapley"), e.getMessage());
    }
}
