package org.fedmed.core.secure.paillier;

import java.math.BigInteger;

/**
 * Paillier's scheme exactly as published, for any generator g (Paillier 1999, section 4, "Scheme 1"):
 * E(m) = g^m r^n mod n^2 and D(c) = L(c^lambda mod n^2) / L(g^lambda mod n^2) mod n with
 * L(u) = (u - 1) / n. It is the reference the fast paths (g = n + 1, CRT decryption) are tested
 * against, and what the known-answer test with a published g runs through.
 */
final class Textbook {

    private Textbook() {
    }

    static BigInteger encrypt(BigInteger n, BigInteger g, BigInteger m, BigInteger r) {
        BigInteger n2 = n.multiply(n);
        return g.modPow(m, n2).multiply(r.modPow(n, n2)).mod(n2);
    }

    static BigInteger decrypt(BigInteger n, BigInteger g, BigInteger lambda, BigInteger c) {
        BigInteger n2 = n.multiply(n);
        BigInteger mu = l(g.modPow(lambda, n2), n).modInverse(n);
        return l(c.modPow(lambda, n2), n).multiply(mu).mod(n);
    }

    /** L(u) = (u - 1) / n, defined on the u = 1 mod n of Z*_{n^2}. */
    static BigInteger l(BigInteger u, BigInteger n) {
        return u.subtract(BigInteger.ONE).divide(n);
    }

    /** lambda = lcm(p - 1, q - 1), Carmichael's function of n = pq. */
    static BigInteger lambda(BigInteger p, BigInteger q) {
        BigInteger p1 = p.subtract(BigInteger.ONE);
        BigInteger q1 = q.subtract(BigInteger.ONE);
        return p1.multiply(q1).divide(p1.gcd(q1));
    }
}
