package org.fedmed.core.optimizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.junit.jupiter.api.Test;

class ServerOptimizersTest {

    private static ModelWeights flat(float... v) {
        return ModelWeights.of(List.of(new TensorSpec("w", new int[] {v.length})), v);
    }

    @Test
    void sgdWithRateOneIsTheProposalItself() {
        ModelWeights p = flat(3, 4);
        assertSame(p, new ServerSgd(1.0).step(flat(1, 1), p));
        // η = 0.5: w + 0.5·(p − w) = (2, 2.5)
        assertArrayEquals(new float[] {2f, 2.5f}, new ServerSgd(0.5).step(flat(1, 1), p).values(), 0f);
        assertThrows(IllegalArgumentException.class, () -> new ServerSgd(0));
    }

    @Test
    void momentumByHand() {
        ServerMomentum m = new ServerMomentum(1.0, 0.5);
        // Δ = w − p = (−1); v = −1; w = 0 + 1 = 1
        ModelWeights w1 = m.step(flat(0), flat(1));
        assertArrayEquals(new float[] {1f}, w1.values(), 0f);
        // Δ = 1 − 2 = −1; v = 0.5·(−1) − 1 = −1.5; w = 1 + 1.5 = 2.5
        assertArrayEquals(new float[] {2.5f}, m.step(w1, flat(2)).values(), 0f);
        ServerMomentum copy = new ServerMomentum(1.0, 0.5);
        copy.restoreState(m.saveState());
        assertArrayEquals(m.saveState().get("velocity"), copy.saveState().get("velocity"), 0f);
        assertThrows(IllegalArgumentException.class, () -> copy.restoreState(Map.of("m", new float[1])));
        assertThrows(IllegalArgumentException.class, () -> new ServerMomentum(1.0, 1.0));
    }

    @Test
    void adamFirstStepByHand() {
        AdaptiveServerOptimizer.Hyper h = new AdaptiveServerOptimizer.Hyper(1.0, 0.5, 0.75, 0.5);
        ServerAdam adam = new ServerAdam(h);
        // Δ = 2; m = 0.5·2 = 1; v = 0.75·0.25 + 0.25·4 = 1.1875; w = 0 + 1/(√1.1875 + 0.5)
        float[] w = adam.step(flat(0), flat(2)).values();
        assertEquals(1.0 / (Math.sqrt(1.1875) + 0.5), w[0], 1e-6);
        assertEquals("adam(η=1.0, β1=0.5, β2=0.75, τ=0.5)", adam.describe());
        ServerYogi yogi = new ServerYogi(h);
        // v = 0.25 − 0.25·4·sign(0.25 − 4) = 1.25
        assertEquals(1.0 / (Math.sqrt(1.25) + 0.5), yogi.step(flat(0), flat(2)).values()[0], 1e-6);
        ServerAdagrad adagrad = new ServerAdagrad(h);
        // v = 0.25 + 4
        assertEquals(1.0 / (Math.sqrt(4.25) + 0.5), adagrad.step(flat(0), flat(2)).values()[0], 1e-6);
    }

    @Test
    void adaptiveOptimizersAverageBatchNormRunningStatisticsInsteadOfSteppingThem() {
        // a running variance of 0.01 that the sites lower to 0.005: a normalized step of η = 0.1 would make it negative
        ModelWeights global = ModelWeights.of(List.of(new TensorSpec("bn.weight", new int[] {1}),
                new TensorSpec("bn.runningVar", new int[] {1})), new float[] {1f, 0.01f});
        ModelWeights proposed = global.withValues(new float[] {0.5f, 0.005f});
        for (AdaptiveServerOptimizer o : List.of(new ServerAdam(AdaptiveServerOptimizer.Hyper.defaults()),
                new ServerYogi(AdaptiveServerOptimizer.Hyper.defaults()), new ServerAdagrad(AdaptiveServerOptimizer.Hyper.defaults()))) {
            float[] out = o.step(global, proposed).values();
            assertEquals(0.005f, out[1], 0f, o.describe());
            assertTrue(out[0] < 1f && out[0] > 0.5f, o.describe() + " still steps the weight: " + out[0]);
            assertEquals(0f, o.saveState().get("m")[1], 0f, "no moment for a running statistic");
        }
    }
}
