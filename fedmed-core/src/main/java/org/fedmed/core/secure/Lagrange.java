package org.fedmed.core.secure;

import java.math.BigInteger;

/** Lagrange interpolation over GF(p): the value at {@code at} of the polynomial through given points. */
final class Lagrange {

    private Lagrange() {
    }

    /**
     * L(at) = sum_i y_i * prod_{j != i} (at - x_j) / (x_i - x_j) mod p, for distinct x_i (Shamir 1979,
     * "How to Share a Secret"). BigInteger arithmetic is not constant time; see ShamirSharing.
     */
    static BigInteger at(BigInteger[] xs, BigInteger[] ys, BigInteger at, BigInteger p) {
        if (xs.length != ys.length || xs.length == 0) {
            throw new IllegalArgumentException("interpolation needs as many x as y values, at least one");
        }
        BigInteger sum = BigInteger.ZERO;
        for (int i = 0; i < xs.length; i++) {
            BigInteger numerator = BigInteger.ONE;
            BigInteger denominator = BigInteger.ONE;
            for (int j = 0; j < xs.length; j++) {
                if (j != i) {
                    numerator = numerator.multiply(at.subtract(xs[j])).mod(p);
                    denominator = denominator.multiply(xs[i].subtract(xs[j])).mod(p);
                }
            }
            BigInteger term = ys[i].multiply(numerator).mod(p).multiply(denominator.modInverse(p));
            sum = sum.add(term).mod(p);
        }
        return sum;
    }
}
