package org.fedmed.bench.flamby;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.junit.jupiter.api.Test;

/** FedMed's 2-class logistic regression started where FLamby's one-output model starts. */
class FlambyInitialTest {

    private static ModelWeights layout(int inputs) {
        return ModelWeights.of(List.of(new TensorSpec("01Linear_weight", new int[] {2, inputs}),
                new TensorSpec("01Linear_bias", new int[] {2})), new float[2 * inputs + 2]);
    }

    @Test
    void classZeroStartsAtZeroAndClassOneAsPyTorchInitialisesALinearLayer() {
        float[] v = new FlambyHeartTask().flambyInitial(layout(13), 3).values();
        double bound = 1 / Math.sqrt(13);
        for (int i = 0; i < 13; i++) {
            assertEquals(0f, v[i], "class 0's weight " + i);
            assertTrue(Math.abs(v[13 + i]) <= bound && v[13 + i] != 0, "class 1's weight " + i + " = " + v[13 + i]);
        }
        assertEquals(0f, v[26], "class 0's bias");
        assertTrue(Math.abs(v[27]) <= bound && v[27] != 0);
        // the seed decides the draw
        assertEquals(v[20], new FlambyHeartTask().flambyInitial(layout(13), 3).values()[20]);
        assertNotEquals(v[20], new FlambyHeartTask().flambyInitial(layout(13), 4).values()[20]);
    }

    @Test
    void anotherModelIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new FlambyHeartTask().flambyInitial(layout(7), 1));
        assertTrue(e.getMessage().contains("[2, 13] weight"), e.getMessage());
    }

    @Test
    void theCoxModelStartsAsPyTorchInitialisesItsLinearLayer() {
        ModelWeights cox = ModelWeights.of(List.of(new TensorSpec("01Linear_weight", new int[] {1, 39}),
                new TensorSpec("01Linear_bias", new int[] {1})), new float[40]);
        FlambyTcgaBrcaTask task = new FlambyTcgaBrcaTask();
        float[] v = task.flambyInitial(cox, 3).values();
        double bound = 1 / Math.sqrt(39);
        for (int i = 0; i < 40; i++) {
            assertTrue(Math.abs(v[i]) <= bound && v[i] != 0, "value " + i + " = " + v[i]);
        }
        assertNotEquals(v[7], task.flambyInitial(cox, 4).values()[7]);
        assertThrows(IllegalStateException.class, () -> task.flambyInitial(layout(13), 1));
    }
}
