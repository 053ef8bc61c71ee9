package org.fedmed.learn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.TrainingConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BadInputTest {

    static DjlTrainer trainer;
    static ModelWeights weights;
    static final TrainingConfig CONFIG = TrainingConfig.defaults();

    @BeforeAll
    static void setUp() {
        trainer = DjlTrainer.builder().model(new ModelSpec(ModelArchitecture.MLP, new int[] {4}, 2, List.of(3), 0)).build();
        weights = trainer.initialWeights(1);
    }

    @AfterAll
    static void tearDown() {
        trainer.close();
    }

    static void assertMessage(IllegalArgumentException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' should mention '" + p + "'");
        }
    }

    @Test
    void emptyData() {
        LabeledSamples empty = new LabeledSamples(new int[] {4}, new float[0], new int[0], Fixtures.classNames(2));
        assertMessage(assertThrows(IllegalArgumentException.class, () -> trainer.fit(weights, empty, CONFIG)), "empty");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> trainer.predict(weights, empty)), "empty");
    }

    @Test
    void featureShapeMismatch() {
        LabeledSamples wrong = new LabeledSamples(new int[] {5}, new float[10], new int[] {0, 1}, Fixtures.classNames(2));
        assertMessage(assertThrows(IllegalArgumentException.class, () -> trainer.fit(weights, wrong, CONFIG)), "[5]", "[4]");
        LabeledSamples image = new LabeledSamples(new int[] {1, 2, 2}, new float[8], new int[] {0, 1}, Fixtures.classNames(2));
        assertMessage(assertThrows(IllegalArgumentException.class, () -> trainer.predict(weights, image)), "[1, 2, 2]", "[4]");
    }

    @Test
    void labelOutsideModelClasses() {
        LabeledSamples threeClasses = new LabeledSamples(new int[] {4}, new float[12], new int[] {0, 2, 1}, Fixtures.classNames(3));
        assertMessage(assertThrows(IllegalArgumentException.class, () -> trainer.fit(weights, threeClasses, CONFIG)),
                "example 1", "label 2", "2 classes");
    }

    @Test
    void startWeightsWithAnotherLayoutNameTheTensor() {
        LabeledSamples ok = new LabeledSamples(new int[] {4}, new float[8], new int[] {0, 1}, Fixtures.classNames(2));
        // another hidden width: the first tensor differs in shape
        try (DjlTrainer other = DjlTrainer.builder().model(new ModelSpec(ModelArchitecture.MLP, new int[] {4}, 2, List.of(5), 0)).build()) {
            ModelWeights foreign = other.initialWeights(1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(foreign, ok, CONFIG));
            assertMessage(e, "start weights", "01Linear_weight");
        }
        // a renamed tensor
        List<TensorSpec> renamed = new ArrayList<>(weights.specs());
        renamed.set(2, new TensorSpec("fc2.weight", renamed.get(2).shape()));
        ModelWeights misnamed = ModelWeights.of(renamed, weights.values().clone());
        assertMessage(assertThrows(IllegalArgumentException.class, () -> trainer.fit(misnamed, ok, CONFIG)), "fc2.weight", "03Linear_weight");
        // fewer tensors
        ModelWeights truncated = ModelWeights.of(weights.specs().subList(0, 2), new float[weights.specs().get(0).numel() + 3]);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> trainer.predict(truncated, ok)), "tensors");
        // a NaN
        ModelWeights nan = weights.copy();
        nan.values()[weights.offset(1)] = Float.NaN;
        assertMessage(assertThrows(IllegalArgumentException.class, () -> trainer.fit(nan, ok, CONFIG)), "01Linear_bias", "NaN");
    }

    @Test
    void closedTrainerAndMissingSpec() {
        DjlTrainer t = DjlTrainer.builder().model(ModelSpec.of(ModelArchitecture.LOGISTIC_REGRESSION, new int[] {2}, 2)).build();
        t.close();
        t.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> t.initialWeights(1));
        assertThrows(NullPointerException.class, () -> DjlTrainer.builder().build());
        assertThrows(IllegalArgumentException.class, () -> DjlTrainer.builder().intraOpThreads(-1));
    }
}
