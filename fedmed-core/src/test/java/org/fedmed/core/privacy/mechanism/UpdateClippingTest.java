package org.fedmed.core.privacy.mechanism;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.junit.jupiter.api.Test;

class UpdateClippingTest {

    static ModelWeights flat(float... v) {
        return ModelWeights.of(List.of(new TensorSpec("w", new int[] {v.length})), v);
    }

    static ModelWeights twoTensors(float a0, float a1, float b0, float b1) {
        return ModelWeights.of(List.of(new TensorSpec("a", new int[] {2}), new TensorSpec("b", new int[] {2})),
                new float[] {a0, a1, b0, b1});
    }

    @Test
    void clipScalesDownToTheNormAndKeepsDirection() {
        // ‖(3, 4)‖ = 5: to C = 1 → (0.6, 0.8); C = 5 (exactly the norm) and C = 10 leave it alone
        assertArrayEquals(new float[] {0.6f, 0.8f}, UpdateClipping.clip(flat(3, 4), 1.0).values(), 1e-6f);
        assertArrayEquals(new float[] {1.5f, 2f}, UpdateClipping.clip(flat(3, 4), 2.5).values(), 1e-6f);
        assertArrayEquals(new float[] {3f, 4f}, UpdateClipping.clip(flat(3, 4), 5.0).values(), 0f);
        assertArrayEquals(new float[] {3f, 4f}, UpdateClipping.clip(flat(3, 4), 10.0).values(), 0f);
        assertEquals(1.0, UpdateClipping.clip(flat(3, 4), 1.0).l2Norm(), 1e-6);
        ModelWeights original = flat(3, 4);
        UpdateClipping.clip(original, 1.0);
        assertArrayEquals(new float[] {3f, 4f}, original.values(), 0f); // input untouched
    }

    @Test
    void deltasAreUpdateMinusGlobal() {
        ModelWeights global = flat(1, 2);
        List<ModelWeights> d = List.of(flat(4, 6).minus(global), flat(1, 2).minus(global));
        assertArrayEquals(new float[] {3f, 4f}, d.get(0).values(), 0f);
        assertArrayEquals(new float[] {0f, 0f}, d.get(1).values(), 0f);
        assertArrayEquals(new float[] {1.5f, 2f}, UpdateClipping.clip(d.get(0), 2.5).values(), 1e-6f);
    }

    @Test
    void perTensorClippingClipsEachTensorOnItsOwn() {
        // a = (3, 4), ‖a‖ = 5 → C_a = 2.5 gives (1.5, 2); b = (1, 0) within C_b = 2 stays
        ModelWeights out = UpdateClipping.clipPerTensor(twoTensors(3, 4, 1, 0), new double[] {2.5, 2});
        assertArrayEquals(new float[] {1.5f, 2f, 1f, 0f}, out.values(), 1e-6f);
        assertEquals(2.5, UpdateClipping.tensorNorm(out, 0), 1e-6);
        assertEquals(1.0, UpdateClipping.tensorNorm(out, 1), 1e-6);
        assertThrows(IllegalArgumentException.class,
                () -> UpdateClipping.clipPerTensor(twoTensors(3, 4, 1, 0), new double[] {1}));
    }

    @Test
    void refusesNonPositiveClipNorms() {
        for (double c : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> UpdateClipping.clip(flat(1, 1), c));
            assertThrows(IllegalArgumentException.class,
                    () -> UpdateClipping.clipPerTensor(twoTensors(1, 1, 1, 1), new double[] {1, c}));
        }
    }
}
