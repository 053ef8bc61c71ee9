package org.fedmed.core.secure.paillier;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Generation of plain (non-threshold) Paillier keys from two random primes of half the key size.
 * Keys below {@link #MIN_BITS} are refused: a 1024-bit modulus is within reach of a well-funded
 * factoring effort, and NIST SP 800-57 part 1 puts 2048-bit factoring moduli at 112-bit security.
 */
public final class PaillierKeys {

    /** The smallest key (bits of n) that {@link #generate} and {@link ThresholdDealer#deal} accept. */
    public static final int MIN_BITS = 2048;

    private PaillierKeys() {
    }

    /** A private key with an n of exactly {@code bits} bits, at least {@link #MIN_BITS}. */
    public static PaillierPrivateKey generate(int bits, SecureRandom random) {
        checkKeyBits(bits);
        return generateUnchecked(bits, random);
    }

    /**
     * TEST AND BENCHMARK USE ONLY: like {@link #generate} but without the {@link #MIN_BITS} floor, so unit
     * tests can use small, fast keys. A key made here below 2048 bits protects nothing.
     */
    public static PaillierPrivateKey generateUnchecked(int bits, SecureRandom random) {
        if (bits < 16 || bits % 2 != 0) {
            throw new IllegalArgumentException("paillier: key bits must be even and at least 16, got " + bits);
        }
        while (true) {
            BigInteger p = BigInteger.probablePrime(bits / 2, random);
            BigInteger q = BigInteger.probablePrime(bits / 2, random);
            // Two (bits/2)-bit primes give an n of bits - 1 or bits bits; keep only the full size.
            if (!p.equals(q) && p.multiply(q).bitLength() == bits) {
                return new PaillierPrivateKey(p, q);
            }
        }
    }

    /** Refuses a key size below {@link #MIN_BITS}, naming the size. */
    static void checkKeyBits(int bits) {
        if (bits < MIN_BITS) {
            throw new IllegalArgumentException("paillier key of " + bits + " bits is too short: at least "
                + MIN_BITS + " bits");
        }
    }
}
