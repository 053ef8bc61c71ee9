package org.fedmed.core.model;

import static org.fedmed.core.Fixtures.assertValues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelWeightsTest {

    /** a: 2×3 = 6 values (offsets 0..5), b: 4 values (6..9), c: scalar, 1 value (10). 11 in all. */
    private static List<TensorSpec> layout() {
        return List.of(new TensorSpec("a", new int[] {2, 3}), new TensorSpec("b", new int[] {4}),
                new TensorSpec("c", new int[] {}));
    }

    private static float[] sequence(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return v;
    }

    @Test
    void layoutOffsetsAndSizes() {
        ModelWeights w = ModelWeights.of(layout(), sequence(11));
        assertEquals(11, w.size());
        assertEquals(44, w.byteSize());
        assertEquals(3, w.tensorCount());
        assertEquals(0, w.offset(0));
        assertEquals(6, w.offset(1));
        assertEquals(10, w.offset(2));
        assertEquals(1, new TensorSpec("c", new int[] {}).numel());
        assertEquals(layout(), w.specs());
    }

    @Test
    void wrongValueCountIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelWeights.of(layout(), new float[10]));
        assertTrue(e.getMessage().contains("needs 11 values, got 10"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelWeights.of(layout(), new float[12]));
        assertThrows(IllegalArgumentException.class, () -> new TensorSpec("bad", new int[] {3, 0}));
        assertThrows(IllegalArgumentException.class, () -> ModelWeights.of(layout(), sequence(11)).withValues(new float[3]));
    }

    @Test
    void mismatchedLayoutMessageNamesTheTensor() {
        ModelWeights w = ModelWeights.of(layout(), sequence(11));
        List<TensorSpec> otherShape = List.of(new TensorSpec("a", new int[] {2, 3}), new TensorSpec("b", new int[] {5}),
                new TensorSpec("c", new int[] {}));
        ModelWeights other = ModelWeights.of(otherShape, new float[12]);
        assertFalse(w.sameLayoutAs(other));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.requireSameLayout(other, "update"));
        assertTrue(e.getMessage().startsWith("update does not match the model layout"), e.getMessage());
        assertTrue(e.getMessage().contains("tensor 1: expected b[4], received b[5]"), e.getMessage());

        // same shapes but a renamed tensor is a different layout too
        List<TensorSpec> renamed = List.of(new TensorSpec("a", new int[] {2, 3}), new TensorSpec("bias", new int[] {4}),
                new TensorSpec("c", new int[] {}));
        e = assertThrows(IllegalArgumentException.class,
                () -> w.requireSameLayout(ModelWeights.of(renamed, new float[11]), "update"));
        assertTrue(e.getMessage().contains("bias[4]"), e.getMessage());

        ModelWeights fewer = ModelWeights.of(List.of(new TensorSpec("a", new int[] {2, 3})), new float[6]);
        e = assertThrows(IllegalArgumentException.class, () -> w.requireSameLayout(fewer, "update"));
        assertTrue(e.getMessage().contains("3 tensors expected, 1 received"), e.getMessage());

        // equal layouts built separately are the same layout
        ModelWeights same = ModelWeights.of(layout(), new float[11]);
        assertTrue(w.sameLayoutAs(same));
        w.requireSameLayout(same, "update");
    }

    @Test
    void tensorReturnsACopyOfOneTensor() {
        ModelWeights w = ModelWeights.of(layout(), sequence(11));
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, w.tensor("a"));
        assertArrayEquals(new float[] {6, 7, 8, 9}, w.tensor("b"));
        assertArrayEquals(new float[] {10}, w.tensor("c"));
        float[] b = w.tensor("b");
        b[0] = 99;
        assertEquals(6f, w.values()[6], "tensor() must copy");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.tensor("missing"));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void minusAndPlusScaled() {
        List<TensorSpec> l = List.of(new TensorSpec("x", new int[] {2}), new TensorSpec("y", new int[] {1}));
        ModelWeights a = ModelWeights.of(l, new float[] {1, 2, 3});
        ModelWeights b = ModelWeights.of(l, new float[] {0.5f, -1, 4});
        // a - b = [0.5, 3, -1]
        assertValues(new double[] {0.5, 3, -1}, a.minus(b), 0);
        // a + 0.5 b = [1.25, 1.5, 5]; a + (-2) b = [0, 4, -5]
        assertValues(new double[] {1.25, 1.5, 5}, a.plusScaled(b, 0.5f), 0);
        assertValues(new double[] {0, 4, -5}, a.plusScaled(b, -2f), 0);
        // inputs untouched, layout kept
        assertArrayEquals(new float[] {1, 2, 3}, a.values());
        assertArrayEquals(new float[] {0.5f, -1, 4}, b.values());
        assertEquals(l, a.minus(b).specs());

        ModelWeights other = ModelWeights.of(List.of(new TensorSpec("x", new int[] {3})), new float[3]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.minus(other));
        assertTrue(e.getMessage().contains("subtrahend"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.plusScaled(other, 1f));
        assertTrue(e.getMessage().contains("addend"), e.getMessage());
    }

    @Test
    void copyAndZerosAreIndependent() {
        ModelWeights w = ModelWeights.of(layout(), sequence(11));
        ModelWeights c = w.copy();
        c.values()[0] = 42;
        assertEquals(0f, w.values()[0]);
        ModelWeights z = ModelWeights.zeros(layout());
        assertEquals(11, z.size());
        assertArrayEquals(new float[11], z.values());
        assertTrue(z.sameLayoutAs(w));
    }

    @Test
    void l2Norm() {
        List<TensorSpec> l = List.of(new TensorSpec("x", new int[] {2}), new TensorSpec("y", new int[] {2}));
        // sqrt(3² + 4² + 0² + 12²) = sqrt(169) = 13
        assertEquals(13.0, ModelWeights.of(l, new float[] {3, -4, 0, 12}).l2Norm(), 1e-12);
        assertEquals(0.0, ModelWeights.zeros(l).l2Norm());
        // accumulated in double: 1e20² would overflow float
        assertEquals(Math.sqrt(2) * 1e20, ModelWeights.of(l, new float[] {1e20f, 1e20f, 0, 0}).l2Norm(), 1e14);
    }

    @Test
    void firstNonFiniteAndTensorNameAt() {
        float[] v = sequence(11);
        ModelWeights w = ModelWeights.of(layout(), v);
        assertEquals(-1, w.firstNonFinite());

        float[] withNaN = sequence(11);
        withNaN[7] = Float.NaN;
        withNaN[9] = Float.POSITIVE_INFINITY;
        ModelWeights bad = ModelWeights.of(layout(), withNaN);
        assertEquals(7, bad.firstNonFinite());
        assertEquals("b", bad.tensorNameAt(7));

        float[] inf = sequence(11);
        inf[10] = Float.NEGATIVE_INFINITY;
        ModelWeights badScalar = ModelWeights.of(layout(), inf);
        assertEquals(10, badScalar.firstNonFinite());
        assertEquals("c", badScalar.tensorNameAt(10));

        // boundaries: first and last index of each tensor
        assertEquals("a", w.tensorNameAt(0));
        assertEquals("a", w.tensorNameAt(5));
        assertEquals("b", w.tensorNameAt(6));
        assertEquals("b", w.tensorNameAt(9));
        assertEquals("c", w.tensorNameAt(10));
    }
}
