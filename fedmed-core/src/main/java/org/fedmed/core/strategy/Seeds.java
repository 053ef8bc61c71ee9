package org.fedmed.core.strategy;

/** Derives independent, reproducible seeds for (run, round, site) from one run seed. */
public final class Seeds {

    private Seeds() {
    }

    /** SplitMix64-style mixing of the parts into one well-spread seed. */
    public static long mix(long seed, long a, long b) {
        long z = seed;
        z = scramble(z + 0x9E3779B97F4A7C15L * (a + 1));
        z = scramble(z + 0xBF58476D1CE4E5B9L * (b + 1));
        return z;
    }

    private static long scramble(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
