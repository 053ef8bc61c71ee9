package org.fedmed.net.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.junit.jupiter.api.Test;

class ControlTransferTest {

    private static final List<TensorSpec> LAYOUT = List.of(new TensorSpec("fc.weight", new int[] {2, 3}),
            new TensorSpec("fc.bias", new int[] {2}));

    @Test
    void theModelAndItsControlVariateTravelAsOneTransferAndComeApartUnchanged() {
        ModelWeights global = ModelWeights.of(LAYOUT, new float[] {1, 2, 3, 4, 5, 6, 7, 8});
        ModelWeights control = ModelWeights.of(LAYOUT, new float[] {-1, -2, -3, -4, -5, -6, -7, -8});
        ModelWeights joined = ControlTransfer.join(global, control);
        assertEquals(16, joined.size());
        assertEquals("scaffold.control/fc.bias", joined.specs().get(3).name());
        byte[] wire = Weights.encode(joined);
        ControlTransfer.Parts parts = ControlTransfer.split(Weights.decode(joined.specs(), wire));
        assertEquals(LAYOUT, parts.global().specs());
        assertArrayEquals(global.values(), parts.global().values());
        assertEquals(LAYOUT, parts.control().specs());
        assertArrayEquals(control.values(), parts.control().values());
    }

    @Test
    void aTransferOfAnotherShapeIsRefusedNamingTheTensor() {
        ModelWeights global = ModelWeights.of(LAYOUT, new float[8]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ControlTransfer.split(global));
        assertTrue(e.getMessage().contains("tensor 1 is fc.bias[2], expected scaffold.control/fc.weight[2, 3]"), e.getMessage());
        ModelWeights odd = ModelWeights.of(List.of(LAYOUT.get(1)), new float[2]);
        e = assertThrows(IllegalArgumentException.class, () -> ControlTransfer.split(odd));
        assertTrue(e.getMessage().contains("holds 1 tensors"), e.getMessage());
        ModelWeights other = ModelWeights.of(List.of(LAYOUT.get(1)), new float[2]);
        assertThrows(IllegalArgumentException.class, () -> ControlTransfer.join(global, other));
    }
}
