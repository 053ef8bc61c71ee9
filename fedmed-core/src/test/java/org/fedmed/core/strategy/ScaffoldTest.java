package org.fedmed.core.strategy;

import static org.fedmed.core.Fixtures.flat;
import static org.fedmed.core.Fixtures.update;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.fedmed.core.aggregate.AggregationWeighting;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.privacy.clientdp.ClientDpStrategy;
import org.fedmed.core.round.ControlVariate;
import org.fedmed.core.round.FitAssignment;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.core.training.TrainingConfig;
import org.junit.jupiter.api.Test;

/** SCAFFOLD's control variates: the site's and the coordinator's updates, state, and what is refused. */
class ScaffoldTest {

    /** 2 epochs of batch 5: a site with 10 examples takes 4 steps, one with 5 takes 2. */
    private static final TrainingConfig SGD = new TrainingConfig(2, 5, 0.5, OptimizerKind.SGD, 0, 0, 0, false, 3L);

    private static StrategyOptions options() {
        return new StrategyOptions(SiteSampler.all(), SGD, new LearningRateSchedule.Constant(), AggregationWeighting.SAMPLE_COUNT, 3L);
    }

    @Test
    void theControlChangeIsMinusCPlusTheMeanStep() {
        ModelWeights c = flat(0.1f, -0.2f);
        ModelWeights x = flat(1, 1);
        ModelWeights y = flat(0, 3);
        // −c + (x − y)/(K·η) with K = 4, η = 0.5: (1, −2)/2 − c
        assertArrayEquals(new float[] {0.5f - 0.1f, -1 + 0.2f}, ControlVariate.change(c, x, y, 4, 0.5).values(), 1e-7f);
        ControlVariate site = new ControlVariate();
        assertNull(site.value());
        assertArrayEquals(c.values(), site.offset(c).values());
        site.advance(c, x, y, 4, 0.5);
        assertArrayEquals(new float[] {0.4f, -0.8f}, site.value().values(), 1e-7f);
        // the next round corrects by c − c_i
        assertArrayEquals(new float[] {0.1f - 0.4f, -0.2f + 0.8f}, site.offset(c).values(), 1e-7f);
        assertThrows(IllegalArgumentException.class, () -> ControlVariate.change(c, x, y, 0, 0.5));
    }

    @Test
    void runningStatisticsKeepAZeroControl() {
        List<TensorSpec> specs = List.of(new TensorSpec("bn_gamma", new int[] {1}), new TensorSpec("bn_runningMean", new int[] {1}));
        ModelWeights zero = ModelWeights.zeros(specs);
        ModelWeights x = ModelWeights.of(specs, new float[] {1, 1});
        ModelWeights y = ModelWeights.of(specs, new float[] {0, 5});
        assertArrayEquals(new float[] {2, 0}, ControlVariate.change(zero, x, y, 1, 0.5).values());
    }

    @Test
    void theCoordinatorUpdatesCFromTheSitesModelsAndSendsIt() {
        Scaffold s = new Scaffold(options(), 1.0);
        ModelWeights x = flat(1, 1);
        List<FitAssignment> first = s.configureFit(1, x, List.of("A", "B", "C"));
        assertEquals(3, first.size());
        first.forEach(a -> assertArrayEquals(new float[] {0, 0}, a.control().values()));
        ModelWeights yA = flat(0, 3);   // 10 examples: K = 4
        ModelWeights yB = flat(2, 1);   // 5 examples: K = 2
        ModelWeights next = s.aggregateFit(1, x, List.of(update("A", 1, 10, yA), update("B", 1, 5, yB)));
        // the model: FedAvg's sample-weighted mean
        assertArrayEquals(new float[] {(0 * 10 + 2 * 5) / 15f, (3 * 10 + 1 * 5) / 15f}, next.values(), 1e-6f);
        // c ← c + (1/N)·Σ change, N = 3 available sites: A (1,−2)/2, B (−1,0)/1
        float[] expected = {(0.5f - 1f) / 3, (-1f + 0f) / 3};
        assertArrayEquals(expected, s.control().values(), 1e-6f);
        // it travels with the next round's assignments, and a checkpoint carries it
        List<FitAssignment> second = s.configureFit(2, next, List.of("A", "B", "C"));
        assertArrayEquals(expected, second.get(0).control().values(), 1e-6f);
        Scaffold resumed = new Scaffold(options(), 1.0);
        resumed.restoreState(s.saveState());
        assertArrayEquals(expected, resumed.configureFit(2, next, List.of("A")).get(0).control().values(), 1e-6f);
    }

    @Test
    void refusedWhereItCannotWork() {
        IllegalArgumentException adam = assertThrows(IllegalArgumentException.class,
                () -> new Scaffold(StrategyOptions.defaults(), 1.0));
        assertTrue(adam.getMessage().contains("plain local SGD"), adam.getMessage());
        IllegalArgumentException momentum = assertThrows(IllegalArgumentException.class, () -> new Scaffold(options().withTraining(
                new TrainingConfig(1, 5, 0.5, OptimizerKind.SGD, 0.9, 0, 0, false, 3L)), 1.0));
        assertTrue(momentum.getMessage().contains("momentum 0.9"), momentum.getMessage());
        IllegalArgumentException secure = assertThrows(IllegalArgumentException.class,
                () -> new Scaffold(options(), 1.0).secureInput(1, 3, 2));
        assertTrue(secure.getMessage().contains("secure sum hides"), secure.getMessage());
        IllegalArgumentException dp = assertThrows(IllegalArgumentException.class,
                () -> ClientDpStrategy.wrap(new Scaffold(options(), 1.0)));
        assertEquals(Scaffold.clientDpRefusal(), dp.getMessage());
        assertTrue(Strategies.create("scaffold", options(), Map.of("server_lr", 0.5)) instanceof Scaffold);
    }
}
