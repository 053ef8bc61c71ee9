package org.fedmed.core.strategy;

import static org.fedmed.core.Fixtures.flat;
import static org.fedmed.core.Fixtures.update;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedmed.core.aggregate.AggregationWeighting;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.privacy.clientdp.ClientDpStrategy;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.core.training.TrainingConfig;
import org.junit.jupiter.api.Test;

/** FedNova's normalized averaging against hand-computed values; FedAvg when the step counts agree. */
class FedNovaTest {

    private static StrategyOptions options(double momentum) {
        // one epoch of batch 10: a site with 10 examples takes 1 step, one with 40 takes 4
        TrainingConfig t = new TrainingConfig(1, 10, 0.1, OptimizerKind.SGD, momentum, 0, 0, false, 1L);
        return new StrategyOptions(SiteSampler.all(), t, new LearningRateSchedule.Constant(), AggregationWeighting.SAMPLE_COUNT, 1L);
    }

    @Test
    void changesAreNormalizedByStepsAndRescaledByTheEffectiveCount() {
        FedNova nova = new FedNova(options(0), 1.0);
        ModelWeights x = flat(0, 0);
        // A: 10 examples, 1 step, moved by (1, 0); B: 40 examples, 4 steps, moved by (0, 4)
        ModelWeights next = nova.aggregateFit(1, x, List.of(update("A", 1, 10, flat(1, 0)), update("B", 1, 40, flat(0, 4))));
        // p = (0.2, 0.8); normalized changes (1, 0)/1 and (0, 4)/4; τ_eff = 0.2·1 + 0.8·4 = 3.4
        // x − τ_eff·Σ p_i (x − y_i)/τ_i = 3.4·(0.2·(1, 0) + 0.8·(0, 1)) = (0.68, 2.72)
        assertArrayEquals(new float[] {0.68f, 2.72f}, next.values(), 1e-6f);
        // FedAvg would give (0.2, 3.2): the many-step site's direction dominates
        float[] fedAvg = new FedAvg(options(0)).aggregateFit(1, x, List.of(update("A", 1, 10, flat(1, 0)),
                update("B", 1, 40, flat(0, 4)))).values();
        assertArrayEquals(new float[] {0.2f, 3.2f}, fedAvg, 1e-6f);
    }

    @Test
    void equalStepCountsGiveFedAvg() {
        List<SiteUpdate> u = List.of(update("A", 1, 20, flat(1, -2, 3)), update("B", 1, 20, flat(5, 0, -1)),
                update("C", 1, 18, flat(-3, 2, 2)));  // 18 and 20 examples both take 2 steps of batch 10
        ModelWeights x = flat(0.5f, 0.5f, 0.5f);
        float[] fedAvg = new FedAvg(options(0.9)).aggregateFit(1, x, u).values();
        assertArrayEquals(fedAvg, new FedNova(options(0.9), 1.0).aggregateFit(1, x, u).values(), 1e-5f);
    }

    @Test
    void momentumNormalizerSumsTheMomentumWeights() {
        // τ = 3, ρ = 0.5: the gradient of step 1 counts 1 + 0.5 + 0.25, of step 2 1 + 0.5, of step 3 1: 4.25
        assertEquals(4.25, FedNova.normalizer(3, 0.5), 1e-12);
        assertEquals(7, FedNova.normalizer(7, 0), 0);
    }

    @Test
    void refusedWhereItCannotWork() {
        IllegalArgumentException adam = assertThrows(IllegalArgumentException.class, () -> new FedNova(StrategyOptions.defaults(), 1));
        assertTrue(adam.getMessage().contains("use --optimizer sgd"), adam.getMessage());
        IllegalArgumentException robust = assertThrows(IllegalArgumentException.class,
                () -> new FedNova(options(0).withAggregator("median"), 1));
        assertTrue(robust.getMessage().contains("aggregator median"), robust.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FedNova(options(0), 1).secureInput(1, 3, 2));
        IllegalArgumentException dp = assertThrows(IllegalArgumentException.class, () -> ClientDpStrategy.wrap(new FedNova(options(0), 1)));
        assertEquals(FedNova.clientDpRefusal(), dp.getMessage());
    }
}
