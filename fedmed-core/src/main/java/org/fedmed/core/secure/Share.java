package org.fedmed.core.secure;

import java.math.BigInteger;

/**
 * One Shamir share: the point (x, y = f(x)) of the sharing polynomial f over GF(p),
 * p = {@link ShamirSharing#PRIME}. x is the share's public index (1..n); y is secret, so
 * {@link #toString} shows x only.
 *
 * @param x the x-coordinate, at least 1 (x = 0 would be the secret itself)
 * @param y the value f(x), in [0, p)
 */
public record Share(int x, BigInteger y) {

    public Share {
        if (x < 1) {
            throw new IllegalArgumentException("Shamir: a share's x-coordinate must be at least 1, got " + x);
        }
        if (y == null || y.signum() < 0 || y.compareTo(ShamirSharing.PRIME) >= 0) {
            throw new IllegalArgumentException("Shamir: share " + x + " has a value outside the field");
        }
    }

    @Override
    public String toString() {
        return "Share[x=" + x + "]";
    }
}
