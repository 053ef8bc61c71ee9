package org.fedmed.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TrainingConfigTest {

    @Test
    void withersChangeOneField() {
        TrainingConfig d = TrainingConfig.defaults();
        assertEquals(new TrainingConfig(1, 32, 1e-3, OptimizerKind.ADAM, 0.0, 0.0, 0.0, false, 0L), d);
        assertEquals(new TrainingConfig(1, 32, 0.5, OptimizerKind.ADAM, 0.0, 0.0, 0.0, false, 0L), d.withLearningRate(0.5));
        assertEquals(new TrainingConfig(1, 32, 1e-3, OptimizerKind.ADAM, 0.0, 0.0, 0.0, false, 9L), d.withSeed(9));
        assertEquals(new TrainingConfig(1, 32, 1e-3, OptimizerKind.ADAM, 0.0, 0.0, 0.3, false, 0L), d.withProximalMu(0.3));
        assertEquals(new TrainingConfig(4, 32, 1e-3, OptimizerKind.ADAM, 0.0, 0.0, 0.0, false, 0L), d.withLocalEpochs(4));
    }

    @Test
    void invalidSettings() {
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.defaults().withLocalEpochs(0));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.defaults().withLearningRate(0));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.defaults().withLearningRate(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.defaults().withLearningRate(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.defaults().withProximalMu(-1));
        assertThrows(IllegalArgumentException.class, () -> new TrainingConfig(1, 0, 0.1, OptimizerKind.SGD, 0, 0, 0, false, 0));
        assertThrows(IllegalArgumentException.class, () -> new TrainingConfig(1, 8, 0.1, OptimizerKind.SGD, 1.0, 0, 0, false, 0));
        assertThrows(IllegalArgumentException.class, () -> new TrainingConfig(1, 8, 0.1, OptimizerKind.SGD, 0, -1, 0, false, 0));
        assertEquals(OptimizerKind.SGD, OptimizerKind.parse(" sgd "));
        assertThrows(IllegalArgumentException.class, () -> OptimizerKind.parse("rmsprop"));
        assertEquals(ModelArchitecture.MLP, ModelArchitecture.parse("MLP"));
        assertThrows(IllegalArgumentException.class, () -> ModelArchitecture.parse("transformer"));
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.of(ModelArchitecture.CNN, new int[] {784}, 10));
    }
}
