package org.fedmed.data.split;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.fedmed.core.random.Seeds;
import org.junit.jupiter.api.Test;

class StratifiedSplitTest {

    private static final int[] LABELS = IntStream.range(0, 1003).map(i -> i % 10 < 2 ? 2 : i % 10 < 5 ? 1 : 0).toArray();
    private static final int[] ALL = IntStream.range(0, LABELS.length).toArray();

    private static int[] counts(int[] rows) {
        int[] c = new int[3];
        for (int r : rows) {
            c[LABELS[r]]++;
        }
        return c;
    }

    @Test
    void keepsClassProportionsWithinOneRow() {
        StratifiedSplit.Split s = StratifiedSplit.split(LABELS, ALL, 3, 0.2, 1, 1, Seeds.stream(5, 1));
        int[] all = counts(ALL);
        int[] test = counts(s.test());
        for (int c = 0; c < 3; c++) {
            assertTrue(Math.abs(test[c] - all[c] * 0.2) <= 1, "class " + c + ": " + test[c] + " of " + all[c]);
        }
        assertEquals(LABELS.length, s.train().length + s.test().length);
        int[] union = IntStream.concat(Arrays.stream(s.train()), Arrays.stream(s.test())).sorted().toArray();
        assertArrayEquals(ALL, union);
    }

    @Test
    void sameSeedSameSplit() {
        StratifiedSplit.Split a = StratifiedSplit.split(LABELS, ALL, 3, 0.3, 1, 1, Seeds.stream(9, 1));
        StratifiedSplit.Split b = StratifiedSplit.split(LABELS, ALL, 3, 0.3, 1, 1, Seeds.stream(9, 1));
        StratifiedSplit.Split c = StratifiedSplit.split(LABELS, ALL, 3, 0.3, 1, 1, Seeds.stream(10, 1));
        assertArrayEquals(a.test(), b.test());
        assertFalse(Arrays.equals(a.test(), c.test()));
    }

    @Test
    void enforcesMinimumsOnTinyParts() {
        int[] rows = {0, 5, 9}; // labels 2, 0, 0 -> round(0.2) + round(0.4) = 0 test rows before the minimum
        StratifiedSplit.Split s = StratifiedSplit.split(LABELS, rows, 3, 0.2, 2, 1, Seeds.stream(1, 1));
        assertEquals(1, s.test().length);
        assertEquals(2, s.train().length);
    }
}
