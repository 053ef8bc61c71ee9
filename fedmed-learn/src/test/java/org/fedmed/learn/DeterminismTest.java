package org.fedmed.learn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.List;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.core.training.TrainingOutcome;
import org.fedmed.data.synthetic.SyntheticImages;
import org.junit.jupiter.api.Test;

class DeterminismTest {

    static final TrainingConfig CONFIG = new TrainingConfig(2, 16, 1e-3, OptimizerKind.ADAM, 0, 1e-4, 0.01, true, 11L);

    @Test
    void sameSeedGivesBitIdenticalWeightsWithDropoutAndShuffling() {
        LabeledSamples data = SyntheticImages.brightVersusDark(96, 28, 3);
        ModelSpec spec = new ModelSpec(ModelArchitecture.CNN, new int[] {1, 28, 28}, 2, List.of(), 0.5);
        try (DjlTrainer t = DjlTrainer.builder().model(spec).build()) {
            ModelWeights start = t.initialWeights(9);
            TrainingOutcome a = t.fit(start, data, CONFIG);
            TrainingOutcome b = t.fit(start, data, CONFIG);
            assertArrayEquals(a.weights().values(), b.weights().values());
            assertEquals(a.meanLoss(), b.meanLoss());
            TrainingOutcome c = t.fit(start, data, CONFIG.withSeed(12L));
            assertFalse(Arrays.equals(a.weights().values(), c.weights().values()), "another seed gives other weights");
            // a fresh trainer reproduces the same result
            try (DjlTrainer fresh = DjlTrainer.builder().model(spec).build()) {
                assertArrayEquals(a.weights().values(), fresh.fit(fresh.initialWeights(9), data, CONFIG).weights().values());
            }
        }
    }

    @Test
    void resnetIsDeterministicToo() {
        LabeledSamples data = SyntheticImages.centreSquare(48, 28, 0.3, 4);
        ModelSpec spec = ModelSpec.of(ModelArchitecture.RESNET, new int[] {1, 28, 28}, 2);
        try (DjlTrainer t = DjlTrainer.builder().model(spec).build()) {
            ModelWeights start = t.initialWeights(1);
            assertArrayEquals(t.fit(start, data, CONFIG).weights().values(), t.fit(start, data, CONFIG).weights().values());
        }
    }

    @Test
    void oneTrainerServesManySitesWithoutCarryingState() {
        // Site A, then site B, then site A again from the same start: A's result must not depend on B
        // (weights, optimizer state, BatchNorm statistics and gradients are all per call).
        LabeledSamples siteA = SyntheticImages.centreSquare(40, 28, 0.3, 5);
        LabeledSamples siteB = SyntheticImages.brightVersusDark(56, 28, 6);
        ModelSpec spec = ModelSpec.of(ModelArchitecture.RESNET, new int[] {1, 28, 28}, 2);
        TrainingConfig sgd = new TrainingConfig(1, 8, 0.05, OptimizerKind.SGD, 0.9, 0, 0.1, false, 3L);
        try (DjlTrainer t = DjlTrainer.builder().model(spec).build()) {
            ModelWeights global = t.initialWeights(2);
            ModelWeights a1 = t.fit(global, siteA, sgd).weights();
            t.fit(global, siteB, sgd.withSeed(4L));
            t.predict(global, siteB);
            ModelWeights a2 = t.fit(global, siteA, sgd).weights();
            assertArrayEquals(a1.values(), a2.values());
        }
    }
}
