package org.fedmed.core.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShuffleTest {

    @Test
    void aSeededPermutationIsPinned() {
        assertArrayEquals(new int[] {4, 6, 2, 1, 7, 9, 8, 5, 3, 0}, Shuffle.permutation(10, new Random(42)));
    }

    @Test
    void drawsWhatCollectionsShuffleDraws() {
        for (int n : new int[] {1, 2, 3, 7, 40}) {
            List<Integer> list = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                list.add(i);
            }
            Collections.shuffle(list, new Random(n));
            int[] expected = list.stream().mapToInt(Integer::intValue).toArray();
            assertArrayEquals(expected, Shuffle.permutation(n, new Random(n)), "n = " + n);
        }
    }

    @Test
    void shufflesTheGivenValuesInPlace() {
        int[] a = {10, 20, 30, 40, 50};
        Shuffle.inPlace(a, new Random(3));
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        assertArrayEquals(new int[] {10, 20, 30, 40, 50}, sorted);
        int[] b = {10, 20, 30, 40, 50};
        Shuffle.inPlace(b, new Random(3));
        assertArrayEquals(a, b);
        assertEquals(0, Shuffle.permutation(0, new Random(1)).length);
    }
}
