package org.fedmed.learn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.DpSgd;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.core.training.TrainingOutcome;
import org.junit.jupiter.api.Test;

/** {@link TrainingConfig#localSteps()}: a step budget that cycles through reshuffled passes. */
class LocalStepsTest {

    @Test
    void takesExactlyTheRequestedStepsAcrossPasses() {
        // 10 examples in batches of 4: passes of 3 steps (4, 4, 2 examples)
        LabeledSamples data = Fixtures.separable(10, 3, 5);
        try (DjlTrainer t = DjlTrainer.builder().model(ModelSpec.of(ModelArchitecture.LOGISTIC_REGRESSION, new int[] {3}, 2)).build()) {
            ModelWeights start = t.initialWeights(2);
            TrainingOutcome seven = t.fit(start, data, Fixtures.sgd(1, 4, 0.1).withLocalSteps(7));
            assertEquals(7, seven.steps());
            assertEquals(4 + 4 + 2 + 4 + 4 + 2 + 4, seven.examplesSeen(), "the third pass stops after its first batch");
            TrainingOutcome six = t.fit(start, data, Fixtures.sgd(1, 4, 0.1).withLocalSteps(6));
            assertEquals(6, six.steps());
            assertFalse(Arrays.equals(seven.weights().values(), six.weights().values()), "the seventh step moved the weights");

            // a whole number of passes by steps is the same training as that many epochs
            TrainingOutcome bySteps = t.fit(start, data, Fixtures.sgd(1, 4, 0.1).withLocalSteps(6));
            TrainingOutcome byEpochs = t.fit(start, data, Fixtures.sgd(2, 4, 0.1));
            assertEquals(6, byEpochs.steps());
            assertArrayEquals(byEpochs.weights().values(), bySteps.weights().values());
            assertEquals(byEpochs.meanLoss(), bySteps.meanLoss(), 1e-9);
        }
    }

    @Test
    void stepsAreCheckedAndKeptByTheWithers() {
        TrainingConfig c = Fixtures.sgd(1, 4, 0.1).withLocalSteps(100);
        assertEquals(100, c.withLearningRate(0.5).withSeed(3).withProximalMu(0.01).withLocalEpochs(2).localSteps());
        assertEquals(0, Fixtures.sgd(1, 4, 0.1).localSteps(), "existing constructors train by epochs");
        assertThrows(IllegalArgumentException.class, () -> Fixtures.sgd(1, 4, 0.1).withLocalSteps(-1));
        assertThrows(IllegalArgumentException.class, () -> c.withDpSgd(new DpSgd(1.0, 1.0, true)));
    }
}
