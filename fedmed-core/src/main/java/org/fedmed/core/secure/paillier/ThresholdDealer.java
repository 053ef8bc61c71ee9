package org.fedmed.core.secure.paillier;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The trusted dealer of threshold Paillier (Damgard and Jurik 2001, "A Generalisation, a Simplification
 * and Some Applications of Paillier's Probabilistic Public-Key System", section 4.1, with s = 1; the
 * construction follows Shoup 2000, "Practical Threshold Signatures"). In FedMed the dealer is the
 * provisioning step: it runs once, gives the public key to the coordinator and one key share to each
 * site, and forgets the rest.
 *
 * <p>With safe primes p = 2p' + 1, q = 2q' + 1, n = pq and m = p'q', the decryption exponent d satisfies
 * d = 0 mod m and d = 1 mod n. It is Shamir-shared over Z_{n m} with a random polynomial f of degree
 * t - 1, f(0) = d; site i gets s_i = f(i). Any t sites can decrypt together ({@link ThresholdDecryption});
 * t - 1 of them, even with the coordinator, learn nothing about the plaintext of a ciphertext they did not
 * help decrypt (under the decisional composite residuosity assumption). Choose t above the number of
 * sites that might collude with the coordinator.
 */
public final class ThresholdDealer {

    /** Delta = count! enters every exponent; 256 sites keep it near 1,700 bits. */
    public static final int MAX_SITES = 256;

    private ThresholdDealer() {
    }

    /** Keys for {@code count} sites of which {@code threshold} decrypt, with an n of {@code bits} bits (at least 2048). */
    public static ThresholdKeys deal(int bits, int threshold, int count, SecureRandom random) {
        PaillierKeys.checkKeyBits(bits);
        return dealUnchecked(bits, threshold, count, random);
    }

    /**
     * TEST AND BENCHMARK USE ONLY: {@link #deal} without the 2048-bit floor, so tests can use small keys
     * whose safe primes take milliseconds to find.
     */
    public static ThresholdKeys dealUnchecked(int bits, int threshold, int count, SecureRandom random) {
        checkShape(threshold, count);
        if (bits < 32 || bits % 2 != 0) {
            throw new IllegalArgumentException("threshold paillier: key bits must be even and at least 32, got " + bits);
        }
        BigInteger p = SafePrimes.generate(bits / 2, random);
        BigInteger q;
        do {
            q = SafePrimes.generate(bits / 2, random);
        } while (q.equals(p));
        return fromSafePrimes(p, q, threshold, count, random);
    }

    /**
     * Deals from given safe primes (for a provisioning step that generated them elsewhere, or a committed
     * test key). Checks that p, q and (p-1)/2, (q-1)/2 are prime; does not check the key size.
     */
    public static ThresholdKeys fromSafePrimes(BigInteger p, BigInteger q, int threshold, int count, SecureRandom random) {
        checkShape(threshold, count);
        for (BigInteger prime : List.of(p, q)) {
            BigInteger half = prime.shiftRight(1);
            if (!prime.testBit(0) || !prime.isProbablePrime(64) || !half.isProbablePrime(64)) {
                throw new IllegalArgumentException("threshold paillier: p and q must be safe primes (p = 2p' + 1, both prime)");
            }
        }
        if (p.equals(q) || p.compareTo(BigInteger.valueOf(count)) <= 0 || q.compareTo(BigInteger.valueOf(count)) <= 0) {
            throw new IllegalArgumentException("threshold paillier: p and q must differ and exceed the number of sites");
        }
        BigInteger n = p.multiply(q);
        BigInteger m = p.shiftRight(1).multiply(q.shiftRight(1));
        BigInteger nm = n.multiply(m);
        // d = 0 mod m and d = 1 mod n: d = m (m^-1 mod n), by CRT (gcd(n, m) = 1 for distinct safe primes > 3).
        BigInteger d = m.multiply(m.modInverse(n)).mod(nm);
        BigInteger[] coefficients = new BigInteger[threshold];
        coefficients[0] = d;
        for (int i = 1; i < threshold; i++) {
            coefficients[i] = uniformBelow(nm, random);
        }
        PaillierPublicKey publicKey = new PaillierPublicKey(n);
        List<PaillierKeyShare> shares = new ArrayList<>(count);
        for (int x = 1; x <= count; x++) {
            BigInteger bx = BigInteger.valueOf(x);
            BigInteger y = BigInteger.ZERO;
            for (int i = threshold - 1; i >= 0; i--) {
                y = y.multiply(bx).add(coefficients[i]).mod(nm);
            }
            shares.add(new PaillierKeyShare(x, threshold, count, publicKey, y));
        }
        Arrays.fill(coefficients, BigInteger.ZERO);
        return new ThresholdKeys(publicKey, threshold, shares);
    }

    /** Delta = count!. */
    static BigInteger delta(int count) {
        BigInteger f = BigInteger.ONE;
        for (int i = 2; i <= count; i++) {
            f = f.multiply(BigInteger.valueOf(i));
        }
        return f;
    }

    static void checkShape(int threshold, int count) {
        if (threshold < 2) {
            throw new IllegalArgumentException("threshold paillier: threshold t must be at least 2 (t = 1 lets one site decrypt alone), got "
                + threshold);
        }
        if (count < threshold || count > MAX_SITES) {
            throw new IllegalArgumentException("threshold paillier: the number of sites must be in t.." + MAX_SITES + " (t=" + threshold
                + "), got " + count);
        }
    }

    private static BigInteger uniformBelow(BigInteger bound, SecureRandom random) {
        BigInteger x;
        do {
            x = new BigInteger(bound.bitLength(), random);
        } while (x.compareTo(bound) >= 0);
        return x;
    }
}
