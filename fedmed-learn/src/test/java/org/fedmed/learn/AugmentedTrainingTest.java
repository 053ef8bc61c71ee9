package org.fedmed.learn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.training.Augmentation;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.data.synthetic.SyntheticImages;
import org.junit.jupiter.api.Test;

class AugmentedTrainingTest {

    private static final TrainingConfig PLAIN = new TrainingConfig(2, 16, 1e-3, OptimizerKind.ADAM, 0, 0, 0, false, 11L);
    private static final TrainingConfig AUGMENTED = PLAIN.withAugment(Augmentation.parse("flip,shift:2"));

    @Test
    void augmentedTrainingRepeatsForASeedAndDiffersFromPlainTraining() {
        LabeledSamples data = SyntheticImages.brightVersusDark(64, 28, 3);
        float[] features = data.features().clone();
        ModelSpec spec = new ModelSpec(ModelArchitecture.CNN, new int[] {1, 28, 28}, 2, List.of(), 0.0);
        try (DjlTrainer t = DjlTrainer.builder().model(spec).build()) {
            var start = t.initialWeights(9);
            float[] a = t.fit(start, data, AUGMENTED).weights().values();
            assertArrayEquals(a, t.fit(start, data, AUGMENTED).weights().values());
            assertFalse(Arrays.equals(a, t.fit(start, data, PLAIN).weights().values()), "augmentation changes what is learnt");
            assertFalse(Arrays.equals(a, t.fit(start, data, AUGMENTED.withSeed(12L)).weights().values()));
            // the site's own data are transformed in copies, never in place
            assertArrayEquals(features, data.features());
        }
    }

    @Test
    void aModelThatDoesNotReadImagesRefusesAugmentation() {
        LabeledSamples data = SyntheticImages.brightVersusDark(16, 28, 3);
        ModelSpec mlp = ModelSpec.of(ModelArchitecture.MLP, new int[] {784}, 2);
        try (DjlTrainer t = DjlTrainer.builder().model(mlp).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> t.fit(t.initialWeights(1), flat(data), AUGMENTED));
            assertEquals("augmentation needs image input [channels, height, width], got [784]", e.getMessage());
        }
    }

    private static LabeledSamples flat(LabeledSamples images) {
        return new LabeledSamples(new int[] {784}, images.features(), images.labels(), images.classNames());
    }
}
