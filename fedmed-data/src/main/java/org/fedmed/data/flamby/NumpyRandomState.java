package org.fedmed.data.flamby;

/**
 * The random stream of NumPy's legacy {@code numpy.random.RandomState(seed)}, as far as reproducing
 * FLamby's data splits needs it: the Mersenne Twister MT19937 (Matsumoto and Nishimura, ACM TOMACS
 * 1998), seeded with its standard {@code init_genrand}, and NumPy's bounded integers and permutations
 * drawn from it. A bounded integer in [0, max] takes 32-bit outputs masked to the smallest all-ones mask
 * covering max until one is ≤ max (NumPy's {@code random_interval}); a permutation of n shuffles
 * 0..n−1 from the last position down, swapping position i with a bounded integer in [0, i].
 * Not for anything that needs unpredictability.
 */
final class NumpyRandomState {

    private static final int N = 624;
    private static final int M = 397;
    private static final int UPPER = 0x80000000;
    private static final int LOWER = 0x7fffffff;
    private static final int MATRIX = 0x9908b0df;

    private final int[] mt = new int[N];
    private int next;

    NumpyRandomState(long seed) {
        if (seed < 0 || seed > 0xffffffffL) {
            throw new IllegalArgumentException("a RandomState seed is in [0, 2^32 - 1], got " + seed);
        }
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        next = N;
    }

    /** The next 32-bit output, as an unsigned value. */
    long nextUint32() {
        if (next >= N) {
            twist();
        }
        int y = mt[next++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xffffffffL;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & UPPER) | (mt[(i + 1) % N] & LOWER);
            mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX : 0);
        }
        next = 0;
    }

    /** A uniform integer in [0, max], for max below 2^32. */
    int interval(int max) {
        if (max == 0) {
            return 0;
        }
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long value;
        do {
            value = nextUint32() & mask;
        } while (value > max);
        return (int) value;
    }

    /** {@code permutation(n)}: 0..n−1 shuffled. */
    int[] permutation(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = interval(i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }
}
