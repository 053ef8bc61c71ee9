package org.fedmed.core.aggregate;

import static org.fedmed.core.aggregate.SiteStagesTest.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.optimizer.ServerSgd;
import org.fedmed.core.privacy.mechanism.AdaptiveClipping;
import org.fedmed.core.privacy.mechanism.GaussianNoise;
import org.junit.jupiter.api.Test;

class ServerStagesTest {

    private static Contribution model(String site, long n, float... v) {
        return new Contribution(site, 1, flat(v), false, n, Map.of());
    }

    private static Contribution delta(String site, long n, float... v) {
        return new Contribution(site, 1, flat(v), true, n, Map.of());
    }

    @Test
    void meanOfModelsAndOfDeltasBySampleCount() {
        AggregationRound r = new AggregationRound(1, flat(1, 1), 2);
        MeanReducer mean = new MeanReducer(AggregationWeighting.SAMPLE_COUNT);
        // (1·(2, 0) + 3·(6, 4)) / 4 = (5, 3)
        assertArrayEquals(new float[] {5, 3}, mean.reduce(r, List.of(model("a", 1, 2, 0), model("b", 3, 6, 4))).values(), 1e-6f);
        // the same as deltas from (1, 1): global + mean delta = (5, 3)
        assertArrayEquals(new float[] {5, 3}, mean.reduce(r, List.of(delta("a", 1, 1, -1), delta("b", 3, 5, 3))).values(), 1e-6f);
        assertEquals("mean(samples)", mean.describe());
    }

    @Test
    void uniformMeanDividesByTheExpectedSites() {
        // deltas (3, 0) and (0, 3) with very different sizes, 3 expected: global + (1, 1)
        AggregationRound r = new AggregationRound(1, flat(10, 10), 3);
        ModelWeights out = new UniformMeanReducer().reduce(r, List.of(delta("a", 1, 3, 0), delta("b", 1000, 0, 3)));
        assertArrayEquals(new float[] {11, 11}, out.values(), 1e-6f);
    }

    @Test
    void gaussianAddsSigmaCOverMAndTopsUpMissingShares() {
        int n = 200_000;
        ModelWeights zeros = flat(new float[n]);
        AggregationRound r = new AggregationRound(1, zeros, 4);
        GaussianNoise noise = GaussianNoise.seeded(5);
        GaussianStage central = new GaussianStage((round, t) -> new double[] {2.0}, false, () -> noise, "σ=2");
        assertEquals(2.0 / 4, std(central.apply(r, List.of(), zeros).values()), 0.01);
        // distributed: 3 of 4 sites added their share, so the server adds the fourth's: std √(1/4)·2/4
        GaussianStage dist = new GaussianStage((round, t) -> new double[] {2.0}, true, () -> noise, "σ=2");
        List<Contribution> three = List.of(delta("a", 1, 0), delta("b", 1, 0), delta("c", 1, 0));
        assertEquals(Math.sqrt(0.25) * 2.0 / 4, std(dist.apply(r, three, zeros).values()), 0.01);
    }

    private static double std(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s / v.length);
    }

    @Test
    void adaptiveClipReadsTheBitsAndPassesTheModelThrough() {
        AdaptiveClipping clipping = new AdaptiveClipping(1.0, 0.5, 0.2, 0.0);
        AdaptiveClipStage stage = new AdaptiveClipStage(clipping, () -> GaussianNoise.seeded(1));
        ModelWeights proposed = flat(1, 2);
        List<Contribution> in = List.of(
                new Contribution("a", 1, flat(0, 0), true, 1, Map.of(ClipStage.BELOW, 1.0)),
                new Contribution("b", 1, flat(0, 0), true, 1, Map.of(ClipStage.BELOW, 1.0)));
        assertSame(proposed, stage.apply(new AggregationRound(1, flat(0, 0), 2), in, proposed));
        // b̄ = (2 − 1)/2 + ½ = 1 → C = exp(−0.2·0.5)
        assertEquals(Math.exp(-0.1), clipping.clipNorm(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> stage.apply(
                new AggregationRound(2, flat(0, 0), 1), List.of(delta("c", 1, 0, 0)), proposed));
        assertTrue(e.getMessage().contains("site c round 2"), e.getMessage());
        // state round trip
        AdaptiveClipping other = new AdaptiveClipping(7.0, 0.5, 0.2, 0.0);
        new AdaptiveClipStage(other, () -> GaussianNoise.seeded(1)).restoreState(stage.saveState());
        assertEquals(clipping.clipNorm(), other.clipNorm(), 0.0);
    }

    @Test
    void pipelineRefusesConflictingStages() {
        GaussianStage g = new GaussianStage((round, t) -> new double[] {1.0}, false, () -> GaussianNoise.seeded(1), "σ=1");
        SitePlan none = SitePlan.none();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AggregationPipeline(
                () -> none, new UniformMeanReducer(), List.of(g), new ServerSgd(1)));
        assertTrue(e.getMessage().contains("needs a clip stage at the sites"), e.getMessage());
        SitePlan clip = new SitePlan(List.of(new ClipStage(1)));
        e = assertThrows(IllegalArgumentException.class, () -> new AggregationPipeline(
                () -> clip, new MeanReducer(AggregationWeighting.SAMPLE_COUNT), List.of(g), new ServerSgd(1)));
        assertTrue(e.getMessage().contains("needs mean(uniform, fixed denominator)"), e.getMessage());
        AggregationPipeline ok = new AggregationPipeline(() -> clip, new UniformMeanReducer(), List.of(g), new ServerSgd(1));
        assertEquals("clip(c=1.0) → mean(uniform, fixed denominator) → gaussian(σ=1) → sgd(η=1.0)", ok.describe());
    }
}
