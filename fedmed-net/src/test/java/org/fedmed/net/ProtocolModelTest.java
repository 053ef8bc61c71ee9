package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.junit.jupiter.api.Test;

/** The model a node builds is the coordinator's, frozen tensors and signal architectures included. */
class ProtocolModelTest {

    @Test
    void frozenLayersAndSignalModelsTravelInTheDescriptor() {
        for (ModelSpec s : List.of(new ModelSpec(ModelArchitecture.CNN, new int[] {1, 28, 28}, 2, List.of(), 0.25, List.of("body")),
                new ModelSpec(ModelArchitecture.CNN1D, new int[] {1, 96}, 2, List.of(), 0.0, List.of("01Conv1d", "04Conv1d_bias")),
                ModelSpec.of(ModelArchitecture.LSTM, new int[] {1, 140}, 5),
                ModelSpec.of(ModelArchitecture.ROCKET, new int[] {20_000}, 2),
                new ModelSpec(ModelArchitecture.RESNET, new int[] {1, 28, 28}, 2, List.of(), 0, List.of(), List.of("batchnorm")))) {
            assertEquals(s, Protocol.modelSpec(Protocol.descriptor(s)));
        }
    }
}
