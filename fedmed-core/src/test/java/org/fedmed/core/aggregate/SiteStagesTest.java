package org.fedmed.core.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.privacy.mechanism.GaussianNoise;
import org.junit.jupiter.api.Test;

class SiteStagesTest {

    static ModelWeights flat(float... v) {
        return ModelWeights.of(List.of(new TensorSpec("w", new int[] {v.length})), v);
    }

    static ModelWeights two(float a0, float a1, float b0, float b1) {
        return ModelWeights.of(List.of(new TensorSpec("a", new int[] {2}), new TensorSpec("b", new int[] {2})),
                new float[] {a0, a1, b0, b1});
    }

    private static final SiteContext SITE = new SiteContext("s", 1, GaussianNoise.seeded(1));

    @Test
    void clipScalesToTheNormAndReportsTheBit() {
        SiteOutput big = new ClipStage(5).apply(flat(30, 40), SITE); // ‖(30, 40)‖ = 50
        assertArrayEquals(new float[] {3, 4}, big.delta().values(), 1e-6f);
        assertEquals(0.0, big.reports().get(ClipStage.BELOW));
        SiteOutput small = new ClipStage(5).apply(flat(3, 4), SITE);
        assertArrayEquals(new float[] {3, 4}, small.delta().values(), 0f);
        assertEquals(1.0, small.reports().get(ClipStage.BELOW));
        assertThrows(IllegalArgumentException.class, () -> new ClipStage(0));
    }

    @Test
    void layerClipBoundsEachTensor() {
        LayerClipStage s = new LayerClipStage(new double[] {1, 10});
        SiteOutput o = s.apply(two(3, 4, 6, 8), SITE); // norms 5 and 10
        assertArrayEquals(new float[] {0.6f, 0.8f, 6, 8}, o.delta().values(), 1e-6f);
        assertEquals(Math.sqrt(101), s.bound(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> s.apply(flat(1, 2), SITE));
    }

    @Test
    void noiseShareHasTheRequestedScalePerTensor() {
        int n = 100_000;
        ModelWeights zeros = ModelWeights.zeros(List.of(new TensorSpec("a", new int[] {n}), new TensorSpec("b", new int[] {n})));
        NoiseShareStage s = NoiseShareStage.forParticipants(new double[] {2.0, 1.0}, new double[] {1.0, 0.5}, 4, true);
        float[] v = s.apply(zeros, new SiteContext("s", 1, GaussianNoise.seeded(2))).delta().values();
        assertEquals(2.0 * 1.0 / 2, std(v, 0, n), 0.02);
        assertEquals(1.0 * 0.5 / 2, std(v, n, 2 * n), 0.01);
    }

    private static double std(float[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (double) v[i] * v[i];
        }
        return Math.sqrt(s / (to - from));
    }

    @Test
    void specsRoundTripAndRefuseUnknowns() {
        SitePlan plan = new SitePlan(List.of(new ClipStage(1.5), NoiseShareStage.forParticipants(new double[] {1}, new double[] {1.5}, 9, false)));
        assertEquals(plan, SitePlan.fromSpecs(plan.specs()));
        assertEquals("clip(c=1.5) → noise_share(std.0=0.5)", plan.describe());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SiteStages.create(new StageSpec("clip", Map.of("c", 1.0, "cc", 2.0))));
        assertTrue(e.getMessage().contains("no parameter 'cc'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SiteStages.create(new StageSpec("quantise", Map.of())));
        assertTrue(e.getMessage().contains("unknown site stage 'quantise'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SiteStages.create(new StageSpec("clip", Map.of())));
        assertTrue(e.getMessage().contains("needs a finite parameter 'c'"), e.getMessage());
    }

    @Test
    void planRefusesNoiseWithoutClippingAndCatchesSkippedClipping() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SitePlan(List.of(new NoiseShareStage(new double[] {1}, false))));
        assertTrue(e.getMessage().contains("noise_share needs a clip stage"), e.getMessage());
        SitePlan plan = new SitePlan(List.of(new ClipStage(1)));
        assertNull(plan.violation(flat(0.6f, 0.8f)));
        assertTrue(plan.violation(flat(6, 8)).contains("exceeds the clip bound"));
        SiteOutput o = plan.apply(flat(7, 9), flat(1, 1), SITE); // delta (6, 8) → (0.6, 0.8)
        assertArrayEquals(new float[] {0.6f, 0.8f}, o.delta().values(), 1e-6f);
        assertEquals(0.0, o.reports().get(ClipStage.BELOW));
    }
}
