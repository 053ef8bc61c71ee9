package org.fedmed.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabeledSamplesTest {

    private static final List<String> ABC = List.of("a", "b", "c");

    /** 3 examples of shape [2]: (0, 1) → 0, (2, 3) → 2, (4, 5) → 2. */
    private static LabeledSamples three() {
        return new LabeledSamples(new int[] {2}, new float[] {0, 1, 2, 3, 4, 5}, new int[] {0, 2, 2}, ABC);
    }

    @Test
    void sizesAndCounts() {
        LabeledSamples s = three();
        assertEquals(3, s.size());
        assertEquals(2, s.featureSize());
        assertEquals(3, s.numClasses());
        assertArrayEquals(new long[] {1, 0, 2}, s.labelCounts());
        assertEquals(12, new LabeledSamples(new int[] {1, 3, 4}, new float[24], new int[2], ABC).featureSize());
    }

    @Test
    void subsetAndConcat() {
        LabeledSamples s = three();
        LabeledSamples sub = s.subset(new int[] {2, 0});
        assertArrayEquals(new float[] {4, 5, 0, 1}, sub.features());
        assertArrayEquals(new int[] {2, 0}, sub.labels());
        LabeledSamples both = LabeledSamples.concat(List.of(sub, s));
        assertArrayEquals(new float[] {4, 5, 0, 1, 0, 1, 2, 3, 4, 5}, both.features());
        assertArrayEquals(new int[] {2, 0, 0, 2, 2}, both.labels());
        assertEquals(s, LabeledSamples.concat(List.of(s)));
        LabeledSamples otherShape = new LabeledSamples(new int[] {1}, new float[] {1}, new int[] {0}, ABC);
        assertThrows(IllegalArgumentException.class, () -> LabeledSamples.concat(List.of(s, otherShape)));
        assertThrows(IllegalArgumentException.class, () -> LabeledSamples.concat(List.of()));
    }

    @Test
    void invalidSamples() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LabeledSamples(new int[] {2}, new float[5], new int[3], ABC));
        assertTrue(e.getMessage().contains("need 6 feature values, got 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LabeledSamples(new int[] {1}, new float[2], new int[] {0, 3}, ABC));
        assertTrue(e.getMessage().contains("example 1 has label 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LabeledSamples(new int[] {1}, new float[1], new int[] {-1}, ABC));
        assertThrows(IllegalArgumentException.class, () -> new LabeledSamples(new int[] {1}, new float[1], new int[] {0}, List.of("only")));
        assertThrows(IllegalArgumentException.class, () -> new LabeledSamples(new int[] {0}, new float[0], new int[] {0}, ABC));
    }

    @Test
    void defensiveCopiesOfShape() {
        int[] shape = {2};
        LabeledSamples s = new LabeledSamples(shape, new float[2], new int[] {1}, ABC);
        shape[0] = 99;
        assertArrayEquals(new int[] {2}, s.featureShape());
        s.featureShape()[0] = 7;
        assertArrayEquals(new int[] {2}, s.featureShape());
    }

    @Test
    void survivalTimesTravelWithSubsetAndConcat() {
        List<String> ce = List.of("censored", "event");
        LabeledSamples a = new LabeledSamples(new int[] {1}, new float[] {1, 2, 3}, new int[] {1, 0, 1}, ce, new float[] {10, 20, 30});
        assertTrue(a.isSurvival());
        assertArrayEquals(new float[] {30, 10}, a.subset(new int[] {2, 0}).times());
        LabeledSamples both = LabeledSamples.concat(List.of(a, a.subset(new int[] {1})));
        assertArrayEquals(new float[] {10, 20, 30, 20}, both.times());
        assertArrayEquals(new int[] {1, 0, 1, 0}, both.labels());
        LabeledSamples plain = new LabeledSamples(new int[] {1}, new float[] {1}, new int[] {1}, ce);
        assertThrows(IllegalArgumentException.class, () -> LabeledSamples.concat(List.of(a, plain)));
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> new LabeledSamples(new int[] {1}, new float[] {1}, new int[] {1}, ce, new float[] {-1}));
        assertTrue(negative.getMessage().contains("time -1.0"), negative.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new LabeledSamples(new int[] {1}, new float[] {1, 2}, new int[] {1, 0}, ce, new float[] {1}));
    }
}
