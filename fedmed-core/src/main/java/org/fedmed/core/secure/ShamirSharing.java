package org.fedmed.core.secure;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Shamir t-of-n secret sharing (Shamir 1979) over GF(p), p = 2^256 + 297, the smallest prime above
 * 2^256: any 32-byte secret (a mask seed, an X25519 private scalar) is one field element, so a share is
 * one 33-byte value and needs no splitting into chunks. Coefficients are uniform in [0, p) from
 * {@link SecureRandom}, which makes any t-1 shares independent of the secret.
 *
 * <p>Shares are not authenticated: a tampered share silently reconstructs a wrong secret. SecAgg+
 * sends shares inside AES-GCM between sites (Bonawitz et al. 2017, section 4), which the protocol
 * layer adds. BigInteger arithmetic is not constant time; reconstruction runs at the coordinator on
 * secrets it is entitled to learn (a dropped site's key, a survivor's self-mask seed).
 *
 * @param threshold t, the number of shares that reconstruct (at least 2)
 * @param count     n, the number of shares handed out (x = 1..n)
 */
public record ShamirSharing(int threshold, int count) {

    /** p = 2^256 + 297, the smallest prime above 2^256 (checked in the tests). */
    public static final BigInteger PRIME = BigInteger.ONE.shiftLeft(256).add(BigInteger.valueOf(297));
    /** Length of a secret shared by {@link #split(byte[], SecureRandom)}. */
    public static final int SECRET_BYTES = 32;

    public ShamirSharing {
        if (threshold < 2) {
            throw new IllegalArgumentException("Shamir: threshold t must be at least 2 (t = 1 hands out the secret), got " + threshold);
        }
        if (count < threshold) {
            throw new IllegalArgumentException("Shamir: threshold t=" + threshold + " is above the number of shares n=" + count);
        }
    }

    /** Shares of a 32-byte secret, read as an unsigned big-endian number (below 2^256 &lt; p). */
    public List<Share> split(byte[] secret, SecureRandom random) {
        if (secret == null || secret.length != SECRET_BYTES) {
            throw new IllegalArgumentException("Shamir: a secret has " + SECRET_BYTES + " bytes");
        }
        return splitElement(new BigInteger(1, secret), random);
    }

    /** Shares f(1..n) of a field element, f(0) = secret, the other t-1 coefficients uniform. */
    public List<Share> splitElement(BigInteger secret, SecureRandom random) {
        if (secret == null || secret.signum() < 0 || secret.compareTo(PRIME) >= 0) {
            throw new IllegalArgumentException("Shamir: the secret must be a field element in [0, p)");
        }
        BigInteger[] coefficients = new BigInteger[threshold];
        coefficients[0] = secret;
        for (int i = 1; i < threshold; i++) {
            coefficients[i] = uniform(random);
        }
        List<Share> shares = new ArrayList<>(count);
        for (int x = 1; x <= count; x++) {
            // Horner's rule: f(x) = c0 + x (c1 + x (c2 + ...)).
            BigInteger bx = BigInteger.valueOf(x);
            BigInteger y = BigInteger.ZERO;
            for (int i = threshold - 1; i >= 0; i--) {
                y = y.multiply(bx).add(coefficients[i]).mod(PRIME);
            }
            shares.add(new Share(x, y));
        }
        Arrays.fill(coefficients, BigInteger.ZERO);
        return shares;
    }

    /** The 32-byte secret from at least t shares. */
    public byte[] combine(Collection<Share> shares) {
        BigInteger secret = combineElement(shares);
        if (secret.bitLength() > SECRET_BYTES * 8) {
            // Only inconsistent (e.g. tampered) shares can interpolate to a value of 2^256 or above.
            throw new IllegalArgumentException("Shamir: the shares do not reconstruct a " + SECRET_BYTES + "-byte secret");
        }
        byte[] raw = secret.toByteArray();
        byte[] out = new byte[SECRET_BYTES];
        int take = Math.min(raw.length, SECRET_BYTES);
        System.arraycopy(raw, raw.length - take, out, SECRET_BYTES - take, take);
        Arrays.fill(raw, (byte) 0);
        return out;
    }

    /**
     * f(0) by Lagrange interpolation through all given shares (at least t, distinct x-coordinates, each
     * at most n). With more than t consistent shares the result is the same as with any t of them.
     */
    public BigInteger combineElement(Collection<Share> shares) {
        if (shares == null || shares.size() < threshold) {
            throw new IllegalArgumentException("Shamir: " + (shares == null ? 0 : shares.size())
                + " shares cannot reconstruct a secret with threshold t=" + threshold);
        }
        Set<Integer> seen = new HashSet<>();
        BigInteger[] xs = new BigInteger[shares.size()];
        BigInteger[] ys = new BigInteger[shares.size()];
        int i = 0;
        for (Share share : shares) {
            if (share.x() > count) {
                throw new IllegalArgumentException("Shamir: share x=" + share.x() + " is above the number of shares n=" + count);
            }
            if (!seen.add(share.x())) {
                throw new IllegalArgumentException("Shamir: two shares have the same x-coordinate " + share.x());
            }
            xs[i] = BigInteger.valueOf(share.x());
            ys[i] = share.y();
            i++;
        }
        return Lagrange.at(xs, ys, BigInteger.ZERO, PRIME);
    }

    private static BigInteger uniform(SecureRandom random) {
        // Rejection sampling: 257-bit candidates below p are uniform in [0, p); about half are kept.
        BigInteger candidate;
        do {
            candidate = new BigInteger(PRIME.bitLength(), random);
        } while (candidate.compareTo(PRIME) >= 0);
        return candidate;
    }
}
