package org.fedmed.core.secure;

/**
 * The ring Z_{2^k}, k in 1..32, with elements held in {@code int}s. Java's int arithmetic wraps modulo
 * 2^32 and 2^k divides 2^32, so sums can be taken as plain ints and reduced once to the low k bits.
 *
 * @param bits k, the number of bits of an element
 */
public record Ring(int bits) {

    /** The widest ring an {@code int} holds. */
    public static final int MAX_BITS = 32;

    public Ring {
        if (bits < 1 || bits > MAX_BITS) {
            throw new IllegalArgumentException("secure aggregation: ring bits must be in 1.." + MAX_BITS + ", got " + bits);
        }
    }

    /** The low-k-bit mask (all ones for k = 32). */
    public int mask() {
        return bits == MAX_BITS ? -1 : (1 << bits) - 1;
    }

    /** {@code x} mod 2^k as an element in [0, 2^k), read unsigned. */
    public int reduce(int x) {
        return x & mask();
    }

    /** Element {@code x} read as a two's-complement value in [-2^(k-1), 2^(k-1)). */
    public int signed(int x) {
        int shift = MAX_BITS - bits;
        return (x << shift) >> shift;
    }

    /** target[i] = target[i] + other[i] mod 2^k. */
    public void addInPlace(int[] target, int[] other) {
        checkLengths(target, other);
        int mask = mask();
        for (int i = 0; i < target.length; i++) {
            target[i] = (target[i] + other[i]) & mask;
        }
    }

    /** target[i] = target[i] - other[i] mod 2^k. */
    public void subtractInPlace(int[] target, int[] other) {
        checkLengths(target, other);
        int mask = mask();
        for (int i = 0; i < target.length; i++) {
            target[i] = (target[i] - other[i]) & mask;
        }
    }

    private static void checkLengths(int[] a, int[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("ring vectors differ in length: " + a.length + " vs " + b.length);
        }
    }
}
