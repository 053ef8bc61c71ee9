package org.fedmed.data.split;

import java.util.Random;

/**
 * Independent, reproducible random streams derived from one user seed, so that e.g. changing the
 * number of sites does not change the global train/test split. {@link Random} is used because its
 * algorithm is specified, so the same seed gives the same data on every JVM.
 */
public final class Seeds {

    private Seeds() {
    }

    /** A generator for stream {@code stream} of {@code seed} (SplitMix64 finalizer over both). */
    public static Random stream(long seed, long stream) {
        long z = seed + 0x9E3779B97F4A7C15L * (stream + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new Random(z ^ (z >>> 31));
    }

    /** Fisher-Yates shuffle in place. */
    public static void shuffle(int[] a, Random rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
