package org.fedmed.core.secure.paillier;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * A Paillier public key (Paillier 1999, "Public-Key Cryptosystems Based on Composite Degree
 * Residuosity Classes", section 4) with the generator fixed to g = n + 1. All this key can do is
 * encrypt and add ciphertexts, which is all a site (encrypt) or the coordinator (add) needs.
 *
 * <p>With g = n + 1 the binomial theorem gives g^m = 1 + m n mod n^2, so encryption is
 * c = (1 + m n) r^n mod n^2: the only exponentiation is r^n, which does not depend on the message and
 * can be computed ahead of time ({@link RandomnessPool}); encryption itself is then one multiplication.
 */
public final class PaillierPublicKey {

    private final BigInteger n;
    private final BigInteger nSquared;

    public PaillierPublicKey(BigInteger n) {
        if (n == null || n.signum() <= 0 || !n.testBit(0) || n.bitLength() < 4) {
            throw new IllegalArgumentException("paillier: the modulus n must be an odd number of at least 4 bits");
        }
        this.n = n;
        this.nSquared = n.multiply(n);
    }

    /** The modulus n = pq; plaintexts are elements of Z_n. */
    public BigInteger n() {
        return n;
    }

    /** n^2; ciphertexts are elements of Z*_{n^2}. */
    public BigInteger nSquared() {
        return nSquared;
    }

    /** The generator g = n + 1. */
    public BigInteger g() {
        return n.add(BigInteger.ONE);
    }

    /** The key size: bits of n. */
    public int bits() {
        return n.bitLength();
    }

    /**
     * r^n mod n^2 for a fresh uniform r in Z*_n: the randomness of one encryption. Each value must be
     * used for one encryption only: two ciphertexts sharing it reveal the difference of their plaintexts.
     */
    public BigInteger randomnessFactor(SecureRandom random) {
        BigInteger r;
        do {
            r = new BigInteger(n.bitLength(), random);
        } while (r.signum() == 0 || r.compareTo(n) >= 0 || !r.gcd(n).equals(BigInteger.ONE));
        return r.modPow(n, nSquared);
    }

    /** Encrypts m in [0, n) with randomness computed inline (one modular exponentiation mod n^2). */
    public BigInteger encrypt(BigInteger m, SecureRandom random) {
        return encrypt(m, randomnessFactor(random));
    }

    /**
     * Encrypts m in [0, n) with a precomputed r^n mod n^2 (from {@link #randomnessFactor} or a
     * {@link RandomnessPool}): (1 + m n) r^n mod n^2, one multiplication. 1 + m n is below n^2 already.
     */
    public BigInteger encrypt(BigInteger m, BigInteger randomnessFactor) {
        if (m == null || m.signum() < 0 || m.compareTo(n) >= 0) {
            throw new IllegalArgumentException("paillier: a plaintext must lie in [0, n)");
        }
        checkCiphertext(randomnessFactor, "randomness factor");
        return m.multiply(n).add(BigInteger.ONE).multiply(randomnessFactor).mod(nSquared);
    }

    /** E(a) * E(b) mod n^2 = E(a + b mod n): the homomorphic addition, with the public key only. */
    public BigInteger add(BigInteger a, BigInteger b) {
        return a.multiply(b).mod(nSquared);
    }

    /** Refuses a value outside (0, n^2): not a ciphertext of this key (the what is named, not the value). */
    void checkCiphertext(BigInteger c, String what) {
        if (c == null || c.signum() <= 0 || c.compareTo(nSquared) >= 0) {
            throw new IllegalArgumentException("paillier: " + what + " is not an element of Z_{n^2} for this "
                + bits() + "-bit key");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PaillierPublicKey k && k.n.equals(n);
    }

    @Override
    public int hashCode() {
        return n.hashCode();
    }

    @Override
    public String toString() {
        return "PaillierPublicKey[bits=" + bits() + "]";
    }
}
