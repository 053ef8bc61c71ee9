package org.fedmed.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class MedianTest {

    @Test
    void middleValueOrMeanOfTheTwoMiddleOnes() {
        double[] timings = {3.0, 1.0, 2.0};
        assertEquals(2.0, Median.of(timings));
        assertArrayEquals(new double[] {3.0, 1.0, 2.0}, timings, "the input is left as it was");
        assertEquals(2.5, Median.of(new double[] {4.0, 1.0, 2.0, 3.0}));
        assertEquals(7.0, Median.of(List.of(7.0)));
        assertThrows(IllegalArgumentException.class, () -> Median.of(new double[0]));
    }
}
