package org.fedmed.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.fedmed.core.model.TensorSpec;
import org.junit.jupiter.api.Test;

class FrozenLayersTest {

    private static final List<TensorSpec> CNN = List.of(new TensorSpec("01Conv2d_weight", new int[] {4, 1, 3, 3}),
            new TensorSpec("01Conv2d_bias", new int[] {4}), new TensorSpec("03BatchNorm_runningMean", new int[] {4}),
            new TensorSpec("05Linear_weight", new int[] {8, 16}), new TensorSpec("05Linear_bias", new int[] {8}),
            new TensorSpec("07Linear_weight", new int[] {2, 8}), new TensorSpec("07Linear_bias", new int[] {2}));

    @Test
    void bodyIsEverythingButTheOutputLayer() {
        assertEquals(Set.of("01Conv2d_weight", "01Conv2d_bias", "03BatchNorm_runningMean", "05Linear_weight", "05Linear_bias"),
                FrozenLayers.resolve(List.of("body"), CNN));
        assertEquals(Set.of(), FrozenLayers.resolve(List.of(), CNN));
    }

    @Test
    void namesAndPrefixes() {
        assertEquals(Set.of("01Conv2d_weight", "01Conv2d_bias"), FrozenLayers.resolve(List.of("01Conv2d"), CNN));
        assertEquals(Set.of("05Linear_bias", "01Conv2d_weight"), FrozenLayers.resolve(List.of(" 05Linear_bias", "01Conv2d_weight"), CNN));
    }

    @Test
    void anUnknownNameOrNothingLeftToTrainIsRefused() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> FrozenLayers.resolve(List.of("conv9"), CNN));
        assertTrue(unknown.getMessage().startsWith("freeze: 'conv9' names no layer of this model; its tensors: [01Conv2d_weight"),
                unknown.getMessage());
        IllegalArgumentException all = assertThrows(IllegalArgumentException.class,
                () -> FrozenLayers.resolve(List.of("body", "07"), CNN));
        assertTrue(all.getMessage().contains("leaves no tensor to train"), all.getMessage());
    }
}
