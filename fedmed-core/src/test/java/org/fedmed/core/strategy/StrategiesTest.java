package org.fedmed.core.strategy;

import static org.fedmed.core.Fixtures.assertValues;
import static org.fedmed.core.Fixtures.flat;
import static org.fedmed.core.Fixtures.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.core.training.TrainingConfig;
import org.junit.jupiter.api.Test;

class StrategiesTest {

    @Test
    void everyNameBuildsItsStrategy() {
        assertEquals(List.of("fedavg", "fedavgm", "fedprox", "fedadam", "fedyogi", "fedadagrad", "cyclic", "scaffold", "fednova"), Strategies.NAMES);
        // plain SGD, which every strategy accepts (SCAFFOLD needs it)
        StrategyOptions sgd = StrategyOptions.defaults().withTraining(new TrainingConfig(1, 32, 0.1, OptimizerKind.SGD, 0, 0, 0, false, 0L));
        for (String name : Strategies.NAMES) {
            Strategy s = Strategies.create(name, sgd, Map.of());
            assertEquals(name, s.name());
            assertEquals(name, Strategies.create(" " + name.toUpperCase() + " ", sgd, Map.of()).name());
        }
        assertInstanceOf(FedAvg.class, Strategies.create("fedavg", StrategyOptions.defaults(), Map.of()));
        assertInstanceOf(FedAvgM.class, Strategies.create("fedavgm", StrategyOptions.defaults(), Map.of()));
        assertInstanceOf(FedProx.class, Strategies.create("fedprox", StrategyOptions.defaults(), Map.of()));
        assertInstanceOf(FedAdam.class, Strategies.create("fedadam", StrategyOptions.defaults(), Map.of()));
        assertInstanceOf(FedYogi.class, Strategies.create("fedyogi", StrategyOptions.defaults(), Map.of()));
        assertInstanceOf(FedAdagrad.class, Strategies.create("fedadagrad", StrategyOptions.defaults(), Map.of()));
        assertInstanceOf(Cyclic.class, Strategies.create("cyclic", StrategyOptions.defaults(), Map.of()));
        assertInstanceOf(Scaffold.class, Strategies.create("scaffold", sgd, Map.of()));
        assertInstanceOf(FedNova.class, Strategies.create("fednova", sgd, Map.of()));
    }

    @Test
    void unknownNameListsTheAvailableOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Strategies.create("fedsgd", StrategyOptions.defaults(), Map.of()));
        assertTrue(e.getMessage().contains("'fedsgd'"), e.getMessage());
        for (String name : Strategies.NAMES) {
            assertTrue(e.getMessage().contains(name), name + " missing from: " + e.getMessage());
        }
    }

    @Test
    void parametersReachTheStrategy() {
        assertEquals(0.01, ((FedProx) Strategies.create("fedprox", StrategyOptions.defaults(), Map.of())).mu());
        assertEquals(0.25, ((FedProx) Strategies.create("fedprox", StrategyOptions.defaults(), Map.of("mu", 0.25))).mu());

        // FedAdam with eta = 1, beta1 = 0.5, beta2 = 0.75, tau = 0.5 from w0 = [0, 1] towards mean [2, 1.5]:
        // Δ = [2, 0.5], m = [1, 0.25], v = 0.1875 + 0.25 Δ² = [1.1875, 0.25] → w1 = [1/(√1.1875 + 0.5), 1.25]
        Strategy adam = Strategies.create("fedadam", StrategyOptions.defaults(),
                Map.of("eta", 1.0, "beta1", 0.5, "beta2", 0.75, "tau", 0.5));
        ModelWeights w1 = adam.aggregateFit(1, flat(0, 1), List.of(update("A", 1, 1, flat(2, 1.5f))));
        assertValues(new double[] {1 / (Math.sqrt(1.1875) + 0.5), 1.25}, w1, 1e-6);

        // FedAvgM with server_lr 0.5 and momentum 0: w1 = w0 − 0.5 (w0 − mean) = [1, 1.25]
        Strategy avgm = Strategies.create("fedavgm", StrategyOptions.defaults(), Map.of("server_lr", 0.5, "server_momentum", 0.0));
        assertValues(new double[] {1, 1.25}, avgm.aggregateFit(1, flat(0, 1), List.of(update("A", 1, 1, flat(2, 1.5f)))), 1e-6);

        // invalid values are refused by the strategies themselves
        assertThrows(IllegalArgumentException.class, () -> Strategies.create("fedyogi", StrategyOptions.defaults(), Map.of("tau", 0.0)));
        assertThrows(IllegalArgumentException.class, () -> Strategies.create("fedprox", StrategyOptions.defaults(), Map.of("mu", -1.0)));
    }
}
