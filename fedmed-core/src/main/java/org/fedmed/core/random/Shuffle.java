package org.fedmed.core.random;

import java.util.random.RandomGenerator;

/**
 * The one seeded shuffle: Fisher–Yates from the last position down, one {@code nextInt(i + 1)} per
 * position. It draws exactly what {@code Collections.shuffle(list, random)} draws on a random-access
 * list, so both give the same order for the same {@code Random}.
 */
public final class Shuffle {

    private Shuffle() {
    }

    /** Shuffles {@code a} in place. */
    public static void inPlace(int[] a, RandomGenerator rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** 0, 1, ..., n-1 in a random order. */
    public static int[] permutation(int n, RandomGenerator rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        inPlace(order, rng);
        return order;
    }
}
