package org.fedmed.core.secure.paillier;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Safe primes p = 2p' + 1 (p' prime too), which threshold Paillier needs so that the group of squares
 * mod n has the known order p'q' (Shoup 2000; Damgard and Jurik 2001, section 4.1).
 *
 * <p>Search: a random odd p' with its top two bits set (so the product of two such p has the full
 * 2 * bits), then p', p' + 2, ... in turn. A sieve over the small odd primes r drops every candidate with
 * r | p' or r | 2p' + 1 (that is p' = (r - 1) / 2 mod r) by marking every r-th step, with no division per
 * candidate. Survivors take a base-2 Fermat test on p (cheap, and most fail it), then on p', then
 * {@link BigInteger#isProbablePrime} (Miller-Rabin and Lucas) on both. The walk restarts from a fresh random
 * point after {@link #WALK} steps so no single gap dominates.
 */
final class SafePrimes {

    private static final int CERTAINTY = 128;
    private static final int WALK = 1 << 16;
    private static final int[] SMALL_PRIMES = smallOddPrimes(1 << 14);
    private static final BigInteger TWO = BigInteger.valueOf(2);

    private SafePrimes() {
    }

    /** A safe prime of exactly {@code bits} bits with its top two bits set. */
    static BigInteger generate(int bits, SecureRandom random) {
        if (bits < 8) {
            throw new IllegalArgumentException("paillier: a safe prime needs at least 8 bits, got " + bits);
        }
        // p' >= 2^(bits-2); from 16 bits on that exceeds every sieving prime, so none sieves out itself.
        boolean sieve = bits >= 16;
        while (true) {
            BigInteger start = new BigInteger(bits - 1, random).setBit(bits - 2).setBit(bits - 3).setBit(0);
            boolean[] excluded = sieve ? sieve(start) : new boolean[WALK];
            for (int step = 0; step < WALK; step++) {
                if (!excluded[step]) {
                    BigInteger half = start.add(BigInteger.valueOf(2L * step));
                    BigInteger p = half.shiftLeft(1).add(BigInteger.ONE);
                    if (p.bitLength() == bits && fermat2(p) && fermat2(half)
                        && p.isProbablePrime(CERTAINTY) && half.isProbablePrime(CERTAINTY)) {
                        return p;
                    }
                }
            }
        }
    }

    /**
     * excluded[s] when a small prime r divides p' = start + 2s or 2p' + 1, i.e. start + 2s = 0 or
     * (r - 1) / 2 mod r: for each r the two bad residues of s, then every r-th step after them.
     */
    private static boolean[] sieve(BigInteger start) {
        boolean[] excluded = new boolean[WALK];
        for (int r : SMALL_PRIMES) {
            long residue = start.mod(BigInteger.valueOf(r)).longValue();
            long halfInverse = (r + 1) / 2; // 2^-1 mod r
            long first = Math.floorMod(-residue * halfInverse, r);
            long second = Math.floorMod(((r - 1) / 2 - residue) * halfInverse, r);
            for (long s = first; s < WALK; s += r) {
                excluded[(int) s] = true;
            }
            for (long s = second; s < WALK; s += r) {
                excluded[(int) s] = true;
            }
        }
        return excluded;
    }

    private static boolean fermat2(BigInteger x) {
        return TWO.modPow(x.subtract(BigInteger.ONE), x).equals(BigInteger.ONE);
    }

    private static int[] smallOddPrimes(int limit) {
        boolean[] composite = new boolean[limit];
        int count = 0;
        for (int i = 3; i < limit; i += 2) {
            if (!composite[i]) {
                count++;
                for (long j = (long) i * i; j < limit; j += 2L * i) {
                    composite[(int) j] = true;
                }
            }
        }
        int[] out = new int[count];
        int k = 0;
        for (int i = 3; i < limit; i += 2) {
            if (!composite[i]) {
                out[k++] = i;
            }
        }
        return out;
    }
}
