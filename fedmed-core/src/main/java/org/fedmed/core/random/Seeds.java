package org.fedmed.core.random;

import java.util.Random;

/**
 * Independent, reproducible seeds and random streams derived from one run seed, so that e.g.
 * changing the number of sites does not change the global train/test split, and each (round, site)
 * trains with its own seed.
 *
 * <p>{@link #mix} and {@link #stream} use the SplitMix64 finalizer; {@link #stream} is the first step
 * of {@link #mix}, so the two agree where they overlap. {@link #salted} is a plain XOR, older and
 * weaker, kept where seeded DP-SGD runs depend on it. Seeded results (splits, partitions, training
 * seeds, seeded noise) depend on the exact bits: do not change any of them.
 */
public final class Seeds {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final long SECOND_GAMMA = 0xBF58476D1CE4E5B9L;

    private Seeds() {
    }

    /** One well-spread seed for part {@code a} of {@code seed}. */
    public static long mix(long seed, long a) {
        return scramble(seed + GOLDEN_GAMMA * (a + 1));
    }

    /** One well-spread seed for parts ({@code a}, {@code b}) of {@code seed}, e.g. (round, site). */
    public static long mix(long seed, long a, long b) {
        return scramble(mix(seed, a) + SECOND_GAMMA * (b + 1));
    }

    /**
     * A generator for stream {@code stream} of {@code seed}. {@link Random} because its algorithm is
     * specified, so the same seed gives the same data on every JVM.
     */
    public static Random stream(long seed, long stream) {
        return new Random(mix(seed, stream));
    }

    /**
     * {@code seed ^ salt}: a second seed for another purpose of the same run (e.g. DP-SGD's noise
     * next to its sampling). Only for generators that scramble their seed themselves
     * ({@code SplittableRandom}); new code should use {@link #mix}.
     */
    public static long salted(long seed, long salt) {
        return seed ^ salt;
    }

    private static long scramble(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
