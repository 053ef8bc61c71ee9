package org.fedmed.learn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WeightBridgeTest {

    static ModelSpec imageSpec(ModelArchitecture a) {
        return ModelSpec.of(a, new int[] {1, 28, 28}, 2);
    }

    /**
     * An image model, for the signal architectures (cnn1d, lstm) a one-channel signal of 96 samples, for rocket
     * the features of 100 kernels.
     */
    static ModelSpec specFor(ModelArchitecture a) {
        if (a == ModelArchitecture.ROCKET) {
            return ModelSpec.of(a, new int[] {200}, 2);
        }
        return a == ModelArchitecture.CNN1D || a == ModelArchitecture.LSTM ? ModelSpec.of(a, new int[] {1, 96}, 2) : imageSpec(a);
    }

    @ParameterizedTest
    @EnumSource(ModelArchitecture.class)
    void roundTripIsExact(ModelArchitecture arch) {
        try (DjlTrainer trainer = DjlTrainer.builder().model(specFor(arch)).build()) {
            ModelWeights init = trainer.initialWeights(3);
            assertEquals(trainer.layout(), init.specs());
            // arbitrary values, including ones an initializer would never produce
            ModelWeights w = Fixtures.gaussian(init, 11);
            w.values()[0] = Float.MIN_VALUE;
            w.values()[1] = -0.0f;
            w.values()[w.size() - 1] = 3.4e38f;
            trainer.setWeights(w);
            ModelWeights back = trainer.getWeights();
            assertEquals(w.specs(), back.specs());
            assertArrayEquals(w.values(), back.values());
            // and again with other values through the same (reused) staging buffers
            ModelWeights w2 = Fixtures.gaussian(init, 12);
            trainer.setWeights(w2);
            assertArrayEquals(w2.values(), trainer.getWeights().values());
            System.out.printf("%-20s %,9d values (%,d trainable) in %d tensors%n", arch, trainer.parameterCount(),
                    trainer.trainableParameterCount(), trainer.layout().size());
        }
    }

    @Test
    void logisticRegressionLayout() {
        try (DjlTrainer t = DjlTrainer.builder().model(ModelSpec.of(ModelArchitecture.LOGISTIC_REGRESSION, new int[] {30}, 3)).build()) {
            assertEquals(List.of(new TensorSpec("01Linear_weight", new int[] {3, 30}), new TensorSpec("01Linear_bias", new int[] {3})),
                    t.layout());
            assertEquals(93, t.parameterCount());
        }
        try (DjlTrainer t = DjlTrainer.builder().model(imageSpec(ModelArchitecture.LOGISTIC_REGRESSION)).build()) {
            // images are flattened first (block 01), so the linear layer is block 02
            assertEquals(List.of(new TensorSpec("02Linear_weight", new int[] {2, 784}), new TensorSpec("02Linear_bias", new int[] {2})),
                    t.layout());
        }
    }

    @Test
    void mlpLayout() {
        ModelSpec spec = new ModelSpec(ModelArchitecture.MLP, new int[] {30}, 2, List.of(16, 8), 0.2);
        try (DjlTrainer t = DjlTrainer.builder().model(spec).build()) {
            // Linear, ReLU, Dropout per hidden layer
            assertEquals(List.of(
                    new TensorSpec("01Linear_weight", new int[] {16, 30}), new TensorSpec("01Linear_bias", new int[] {16}),
                    new TensorSpec("04Linear_weight", new int[] {8, 16}), new TensorSpec("04Linear_bias", new int[] {8}),
                    new TensorSpec("07Linear_weight", new int[] {2, 8}), new TensorSpec("07Linear_bias", new int[] {2})), t.layout());
            assertEquals(16 * 30 + 16 + 8 * 16 + 8 + 2 * 8 + 2, t.parameterCount());
        }
    }

    @Test
    void cnnLayout() {
        try (DjlTrainer t = DjlTrainer.builder().model(imageSpec(ModelArchitecture.CNN)).build()) {
            assertEquals(List.of(
                    new TensorSpec("01Conv2d_weight", new int[] {32, 1, 3, 3}), new TensorSpec("01Conv2d_bias", new int[] {32}),
                    new TensorSpec("04Conv2d_weight", new int[] {64, 32, 3, 3}), new TensorSpec("04Conv2d_bias", new int[] {64}),
                    new TensorSpec("08Linear_weight", new int[] {128, 1600}), new TensorSpec("08Linear_bias", new int[] {128}),
                    new TensorSpec("10Linear_weight", new int[] {2, 128}), new TensorSpec("10Linear_bias", new int[] {2})), t.layout());
            assertEquals(224_002, t.parameterCount());
            assertEquals(t.parameterCount(), t.trainableParameterCount());
        }
    }

    @Test
    void resnetIncludesBatchNormStatisticsAsUntrainedTensors() {
        try (DjlTrainer t = DjlTrainer.builder().model(imageSpec(ModelArchitecture.RESNET)).build()) {
            List<String> names = t.layout().stream().map(TensorSpec::name).toList();
            Set<String> running = names.stream().filter(n -> n.endsWith("_runningMean") || n.endsWith("_runningVar"))
                    .collect(Collectors.toSet());
            assertEquals(2 * 9, running.size(), "9 BatchNorm layers (stem, 2 + 3 + 3 in the blocks), 2 statistics each: " + names);
            assertEquals("01Conv2d_weight", names.get(0));
            assertEquals("02BatchNorm_gamma", names.get(1));
            assertTrue(names.contains("05ParallelBlock_02SequentialBlock_01Conv2d_weight"), "projection shortcut: " + names);
            for (String n : running) {
                assertFalse(t.trainableTensors().contains(n), n);
            }
            assertTrue(t.trainableTensors().contains("02BatchNorm_gamma"));
            assertTrue(t.trainableTensors().contains("02BatchNorm_beta"));
            assertEquals(names.size() - running.size(), t.trainableTensors().size());
            assertEquals(77_906, t.parameterCount());
            assertEquals(77_234, t.trainableParameterCount());
            // the initializers: running variance starts at 1, running mean at 0
            ModelWeights init = t.initialWeights(1);
            for (float v : init.tensor("02BatchNorm_runningVar")) {
                assertEquals(1f, v);
            }
            for (float v : init.tensor("02BatchNorm_runningMean")) {
                assertEquals(0f, v);
            }
        }
    }

    @Test
    void initialWeightsAreDeterministicPerSeed() {
        try (DjlTrainer t = DjlTrainer.builder().model(imageSpec(ModelArchitecture.CNN)).build()) {
            ModelWeights a = t.initialWeights(42);
            ModelWeights b = t.initialWeights(42);
            ModelWeights c = t.initialWeights(43);
            assertArrayEquals(a.values(), b.values());
            assertNotEquals(0, Arrays.compare(a.values(), c.values()));
            // initialWeights does not touch the model's loaded weights
            ModelWeights loaded = Fixtures.gaussian(a, 5);
            t.setWeights(loaded);
            t.initialWeights(44);
            assertArrayEquals(loaded.values(), t.getWeights().values());
        }
        try (DjlTrainer other = DjlTrainer.builder().model(imageSpec(ModelArchitecture.CNN)).build();
             DjlTrainer first = DjlTrainer.builder().model(imageSpec(ModelArchitecture.CNN)).build()) {
            assertArrayEquals(first.initialWeights(42).values(), other.initialWeights(42).values(), "same seed, other trainer");
        }
    }
}
