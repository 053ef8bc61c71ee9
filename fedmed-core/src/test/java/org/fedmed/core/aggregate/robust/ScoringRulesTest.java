package org.fedmed.core.aggregate.robust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedmed.core.aggregate.AggregationRound;
import org.fedmed.core.aggregate.Contribution;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.round.SiteUpdate;
import org.junit.jupiter.api.Test;

/** FLTrust and relevance screening: the formulas on small vectors, and what a poisoner can and cannot do to them. */
class ScoringRulesTest {

    private static final ModelWeights ZERO = ModelWeights.of(List.of(new TensorSpec("w", new int[] {2})), new float[] {0, 0});

    private static List<Contribution> updates(float[]... deltas) {
        List<Contribution> out = new ArrayList<>();
        for (int k = 0; k < deltas.length; k++) {
            out.add(new SiteUpdate("site-" + k, 1, ZERO.withValues(deltas[k]), 10, Map.of()).contribution());
        }
        return out;
    }

    /** A coordinator whose own update is {@code root} and whose loss is the squared distance to {@code target}. */
    private static ServerReference reference(float[] root, float[] target) {
        return new ServerReference() {
            @Override
            public float[] delta(int round, ModelWeights global) {
                return root.clone();
            }

            @Override
            public double loss(ModelWeights weights) {
                return Vectors.squaredDistance(weights.values(), target);
            }

            @Override
            public String describe() {
                return "test reference";
            }
        };
    }

    private static float[] reduce(RobustRule rule, float[]... deltas) {
        return rule.reduce(new AggregationRound(1, ZERO, deltas.length), updates(deltas)).values();
    }

    @Test
    void flTrustWeighsByClippedCosineAndRescalesToTheRootNorm() {
        FlTrust rule = new FlTrust(100);
        rule.useReference(reference(new float[] {1, 0}, null));
        // cos 1, cos 1/√2, cos −1: weights 1, 1/√2, 0; each rescaled to ‖g₀‖ = 1
        float[] out = reduce(rule, new float[] {2, 0}, new float[] {1, 1}, new float[] {-5, 0});
        double s = 1 + Math.sqrt(0.5);
        assertArrayEquals(new float[] {(float) (1.5 / s), (float) (0.5 / s)}, out, 1e-6f);
        assertEquals(0, rule.lastScores().get("site-2").score());
        assertFalse(rule.lastScores().get("site-2").kept());
        assertEquals(Math.sqrt(0.5), rule.lastScores().get("site-1").score(), 1e-9);
    }

    @Test
    void aBoostedUpdateBuysNoMoreInfluenceThanAnHonestOne() {
        FlTrust rule = new FlTrust(100);
        rule.useReference(reference(new float[] {1, 1}, null));
        float[] honest = reduce(rule, new float[] {1, 0}, new float[] {0, 1});
        float[] boosted = reduce(rule, new float[] {1000, 0}, new float[] {0, 1});
        assertArrayEquals(honest, boosted, 1e-6f);
    }

    @Test
    void runningStatisticsAreNeitherScoredNorRescaled() {
        ModelWeights global = ModelWeights.of(List.of(new TensorSpec("fc_weight", new int[] {2}),
                new TensorSpec("bn_runningVar", new int[] {1})), new float[] {0, 0, 0});
        assertTrue(global.specs().get(1).isRunningStatistic());
        assertFalse(global.specs().get(0).isRunningStatistic());
        FlTrust rule = new FlTrust(100);
        rule.useReference(reference(new float[] {1, 0, -50}, null));
        // both trained parts point along the root's (cos 1, scaled to norm 1); their variance changes (+40, +20) would have
        // made both cosines negative, and are averaged as they are
        List<Contribution> in = List.of(
                new SiteUpdate("a", 1, global.withValues(new float[] {2, 0, 40}), 10, Map.of()).contribution(),
                new SiteUpdate("b", 1, global.withValues(new float[] {4, 0, 20}), 10, Map.of()).contribution());
        float[] out = rule.reduce(new AggregationRound(1, global, 2), in).values();
        assertArrayEquals(new float[] {1, 0, 30}, out, 1e-6f);
        assertEquals(1.0, rule.lastScores().get("a").score(), 1e-9);
    }

    @Test
    void flTrustKeepsTheModelWhenNoUpdateAgreesWithTheRoot() {
        FlTrust rule = new FlTrust(100);
        rule.useReference(reference(new float[] {1, 0}, null));
        assertArrayEquals(new float[] {0, 0}, reduce(rule, new float[] {-1, 0}, new float[] {0, 3}));
    }

    @Test
    void flTrustWithoutRootDataRefusesToGuess() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> reduce(new FlTrust(100), new float[] {1, 0}));
        assertTrue(e.getMessage().contains("root dataset"), e.getMessage());
    }

    @Test
    void screeningDropsWhatDisagreesWithTheMedianAndRemembersIt() {
        RelevanceScreen rule = new RelevanceScreen(0, false, 0.1, 0.8, 0.7, 100);
        float[] honest = {1, 1};
        float[] flipped = {-10, -10};
        for (int round = 1; round <= 3; round++) {
            float[] out = reduce(rule, honest, honest, flipped);
            assertArrayEquals(honest, out, 1e-6f, "round " + round);
            assertFalse(rule.lastScores().get("site-2").kept());
        }
        // 0.8³ = 0.512 after three irrelevant rounds; one relevant round brings it to 0.6096, still under the floor 0.7
        assertEquals(0.512f, rule.reputation("site-2"), 1e-6f);
        float[] out = reduce(rule, honest, honest, new float[] {1, 1.2f});
        assertArrayEquals(honest, out, 1e-6f);
        assertEquals(0.6096f, rule.reputation("site-2"), 1e-6f);
        assertFalse(rule.lastScores().get("site-2").kept(), "relevant, but its reputation is still under the floor");
        assertTrue(rule.lastScores().get("site-0").kept());
        assertEquals(1f, rule.reputation("site-0"));
    }

    @Test
    void screeningWithGainDropsAnUpdateThatRaisesTheRootLoss() {
        RelevanceScreen rule = new RelevanceScreen(-1, true, 0.1, 0.5, 0, 50);
        rule.useReference(reference(new float[] {1, 1}, new float[] {1, 1}));
        // the cosine passes for all (cos > −1); the third overshoots the target: loss 2 → 8, far above 2 + 10%;
        // the fourth raises it by 5.6% (2 → 2.1125), within the tolerance of 10%
        float[] out = reduce(rule, new float[] {1, 1}, new float[] {0.5f, 0.5f}, new float[] {3, 3}, new float[] {0.05f, -0.1f});
        assertArrayEquals(new float[] {1.55f / 3, 1.4f / 3}, out, 1e-6f);
        assertEquals(2 - 8, rule.lastScores().get("site-2").gain(), 1e-6);
        assertEquals(2, rule.lastScores().get("site-0").gain(), 1e-6);
        assertFalse(rule.lastScores().get("site-2").kept());
        assertTrue(rule.lastScores().get("site-3").kept());
        assertEquals(-0.1125, rule.lastScores().get("site-3").gain(), 1e-6);
    }

    @Test
    void reputationsSurviveACheckpoint() {
        RelevanceScreen a = new RelevanceScreen(0, false, 0.1, 0.8, 0.5, 100);
        reduce(a, new float[] {1, 1}, new float[] {1, 1}, new float[] {-1, -1});
        RelevanceScreen b = new RelevanceScreen(0, false, 0.1, 0.8, 0.5, 100);
        b.restoreState(a.saveState());
        assertEquals(a.reputation("site-2"), b.reputation("site-2"));
        float[][] next = {{1, 1}, {1, 0.5f}, {-1, -1}};
        assertArrayEquals(reduce(a, next), reduce(b, next));
        assertEquals(a.reputation("site-2"), b.reputation("site-2"));
    }

    @Test
    void theSettingsAreReadAndCheckedWithTheirNames() {
        assertEquals("fltrust(root=50)", Aggregators.rule("fltrust:root=50", 1).orElseThrow().describe());
        assertEquals(50, Aggregators.rule("fltrust:50", 1).orElseThrow().rootExamples());
        assertEquals(0, Aggregators.rule("screen", 1).orElseThrow().rootExamples());
        assertEquals(100, Aggregators.rule("screen:gain=1", 1).orElseThrow().rootExamples());
        assertTrue(Aggregators.rule("screen", 1).orElseThrow().followsSites());
        assertFalse(Aggregators.rule("fltrust", 1).orElseThrow().followsSites());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Aggregators.check("screen:gain=2")).getMessage()
                .contains("gain=0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Aggregators.check("screen:cos=1")).getMessage()
                .contains("cos must be in [-1, 1)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Aggregators.check("fltrust:root=0")).getMessage()
                .contains("root must be at least 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Aggregators.check("screen:decay=1")).getMessage()
                .contains("decay"));
    }
}
