package org.fedmed.core.secure.paillier;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Combines at least t sites' {@link DecryptionShare}s of a summed vector into its plaintexts (Damgard and
 * Jurik 2001, section 4.1, s = 1). For a subset S of t shares with values c_i = c^(2 Delta s_i), the
 * integer Lagrange coefficients mu_i = Delta prod_{j in S, j != i} j / (j - i) give
 * prod c_i^(2 mu_i) = c^(4 Delta^2 d) = (1 + n)^(4 Delta^2 M) mod n^2, since d = 0 mod m kills the
 * randomness and d = 1 mod n keeps M; so M = L(prod c_i^(2 mu_i)) (4 Delta^2)^-1 mod n. Anyone may
 * combine: the shares reveal only the sum.
 *
 * <p>What is detected (there are no zero-knowledge proofs that a share is correct):
 * <ul>
 *   <li>a combination that is not 1 mod n, which no set of honest shares gives: a share replaced by an
 *       arbitrary value (corrupted, or tampered without care) is caught even with exactly t shares;</li>
 *   <li>with more than t shares: the first t and the last t (by index) are combined separately, plus, for
 *       any site in both whose coefficient is the same in both, the first t with that site swapped out.
 *       One tampered share then always changes some combination and not another, so the sums disagree
 *       and decryption is refused ({@link TamperedShareException}). With t + 2 or more shares the
 *       combiner also names the site whose exclusion makes the rest agree;</li>
 *   <li>after unpacking, a slot outside its range ({@link PaillierPacking#unpackSum}).</li>
 * </ul>
 * Not detected: with exactly t shares, a share crafted as c_i (1 + n)^delta shifts the sum by a chosen
 * amount, and if the shift keeps every slot in range nothing notices. Several colluding sites can also
 * craft shares that shift every checked combination alike. Against those, send more than t shares from
 * independent sites, or add proofs of correct decryption (Damgard and Jurik section 4.1), not built here.
 */
public final class ThresholdDecryption {

    private final PaillierPublicKey key;
    private final int threshold;
    private final int count;
    private final BigInteger delta;
    private final BigInteger inverse4DeltaSquared;

    public ThresholdDecryption(PaillierPublicKey key, int threshold, int count) {
        ThresholdDealer.checkShape(threshold, count);
        this.key = key;
        this.threshold = threshold;
        this.count = count;
        this.delta = ThresholdDealer.delta(count);
        this.inverse4DeltaSquared = delta.multiply(delta).shiftLeft(2).modInverse(key.n());
    }

    /** The packed plaintexts of the summed vector from at least t distinct sites' shares. */
    public BigInteger[] combine(Collection<DecryptionShare> given) {
        List<DecryptionShare> shares = checked(given);
        List<List<DecryptionShare>> subsets = subsetsToCheck(shares);
        int ciphertexts = shares.get(0).values().size();
        BigInteger[] out = new BigInteger[ciphertexts];
        for (int j = 0; j < ciphertexts; j++) {
            BigInteger first = combineOne(subsets.get(0), j);
            for (int s = 1; s < subsets.size(); s++) {
                if (!combineOne(subsets.get(s), j).equals(first)) {
                    throw mismatch(shares, subsets.get(0), subsets.get(s), j);
                }
            }
            out[j] = first;
        }
        return out;
    }

    /** Combines and unpacks: the sum of the {@code sum.count()} vectors added into {@code sum}. */
    public long[] decryptSum(Collection<DecryptionShare> shares, EncryptedVector sum, PaillierPacking packing) {
        BigInteger[] plaintexts = combine(shares);
        if (plaintexts.length != sum.ciphertexts().size()) {
            throw new IllegalArgumentException("threshold paillier: the shares are for " + plaintexts.length + " ciphertexts, the sum has "
                + sum.ciphertexts().size());
        }
        return packing.unpackSum(plaintexts, sum.length(), sum.count());
    }

    private List<DecryptionShare> checked(Collection<DecryptionShare> given) {
        if (given == null || given.size() < threshold) {
            throw new IllegalArgumentException("threshold paillier: " + (given == null ? 0 : given.size())
                + " decryption shares cannot decrypt with threshold t=" + threshold);
        }
        Set<Integer> seen = new HashSet<>();
        int size = -1;
        for (DecryptionShare share : given) {
            if (share.index() > count) {
                throw new IllegalArgumentException("threshold paillier: decryption share of site " + share.index()
                    + " is above the number of sites n=" + count);
            }
            if (!seen.add(share.index())) {
                throw new IllegalArgumentException("threshold paillier: two decryption shares from site " + share.index());
            }
            if (size >= 0 && share.values().size() != size) {
                throw new IllegalArgumentException("threshold paillier: decryption share of site " + share.index() + " has "
                    + share.values().size() + " values, others " + size);
            }
            size = share.values().size();
            for (BigInteger v : share.values()) {
                key.checkCiphertext(v, "a decryption share value of site " + share.index());
            }
        }
        List<DecryptionShare> sorted = new ArrayList<>(given);
        sorted.sort(Comparator.comparingInt(DecryptionShare::index));
        return sorted;
    }

    /**
     * The first t shares, and with more than t: the last t, and for each site in both with equal
     * coefficients in both, the first t with that site replaced by the first share outside them.
     */
    private List<List<DecryptionShare>> subsetsToCheck(List<DecryptionShare> shares) {
        List<List<DecryptionShare>> subsets = new ArrayList<>();
        List<DecryptionShare> first = shares.subList(0, threshold);
        subsets.add(first);
        if (shares.size() > threshold) {
            List<DecryptionShare> last = shares.subList(shares.size() - threshold, shares.size());
            subsets.add(last);
            DecryptionShare outside = shares.get(threshold);
            for (DecryptionShare s : first) {
                if (last.contains(s) && coefficient(first, s.index()).equals(coefficient(last, s.index()))) {
                    List<DecryptionShare> swapped = new ArrayList<>(first);
                    swapped.remove(s);
                    swapped.add(outside);
                    subsets.add(swapped);
                }
            }
        }
        return subsets;
    }

    /** M of ciphertext j from exactly the shares in {@code subset}. */
    private BigInteger combineOne(List<DecryptionShare> subset, int j) {
        BigInteger n2 = key.nSquared();
        // Positive and negative coefficients apart, so the whole combination needs one inverse mod n^2.
        BigInteger positive = BigInteger.ONE;
        BigInteger negative = BigInteger.ONE;
        for (DecryptionShare s : subset) {
            BigInteger mu = coefficient(subset, s.index());
            BigInteger power = s.values().get(j).modPow(mu.abs().shiftLeft(1), n2);
            if (mu.signum() >= 0) {
                positive = positive.multiply(power).mod(n2);
            } else {
                negative = negative.multiply(power).mod(n2);
            }
        }
        if (!negative.gcd(n2).equals(BigInteger.ONE)) {
            List<Integer> sites = subset.stream().map(DecryptionShare::index).toList();
            throw new TamperedShareException("threshold paillier: the decryption shares of sites " + sites
                + " include a value that is not a unit mod n^2 at ciphertext " + j + ": not a valid share", sites);
        }
        BigInteger product = positive.multiply(negative.modInverse(n2)).mod(n2);
        if (!product.mod(key.n()).equals(BigInteger.ONE)) {
            List<Integer> sites = subset.stream().map(DecryptionShare::index).toList();
            throw new TamperedShareException("threshold paillier: the decryption shares of sites " + sites
                + " do not combine to a decryption of ciphertext " + j + ": at least one of them is not a valid share", sites);
        }
        return Textbook.l(product, key.n()).multiply(inverse4DeltaSquared).mod(key.n());
    }

    /** mu_i = Delta prod_{j in S, j != i} j / (j - i), an integer because Delta = count! (Shoup 2000, lemma 1). */
    private BigInteger coefficient(List<DecryptionShare> subset, int i) {
        BigInteger numerator = delta;
        BigInteger denominator = BigInteger.ONE;
        for (DecryptionShare s : subset) {
            int j = s.index();
            if (j != i) {
                numerator = numerator.multiply(BigInteger.valueOf(j));
                denominator = denominator.multiply(BigInteger.valueOf(j - i));
            }
        }
        return numerator.divide(denominator);
    }

    private TamperedShareException mismatch(List<DecryptionShare> shares, List<DecryptionShare> a, List<DecryptionShare> b, int j) {
        String where = "threshold paillier: decryption shares of sites " + indices(a) + " and of sites " + indices(b)
            + " decrypt ciphertext " + j + " to different sums";
        List<Integer> suspects = new ArrayList<>();
        if (shares.size() >= threshold + 2) {
            for (DecryptionShare excluded : shares) {
                List<DecryptionShare> others = new ArrayList<>(shares);
                others.remove(excluded);
                List<DecryptionShare> lo = others.subList(0, threshold);
                List<DecryptionShare> hi = others.subList(others.size() - threshold, others.size());
                if (agree(lo, hi, j)) {
                    suspects.add(excluded.index());
                }
            }
        }
        if (suspects.size() == 1) {
            return new TamperedShareException(where + "; without site " + suspects.get(0)
                + " the others agree: the decryption share of site " + suspects.get(0) + " is wrong", suspects);
        }
        List<Integer> all = indices(shares);
        return new TamperedShareException(where + ": at least one share of sites " + all + " is wrong"
            + (shares.size() < threshold + 2 ? " (t + 2 shares would single it out)" : ""), all);
    }

    private boolean agree(List<DecryptionShare> a, List<DecryptionShare> b, int j) {
        try {
            return combineOne(a, j).equals(combineOne(b, j));
        } catch (TamperedShareException e) {
            return false; // a subset with the bad share may not even combine to 1 mod n: it does not agree
        }
    }

    private static List<Integer> indices(List<DecryptionShare> shares) {
        return shares.stream().map(DecryptionShare::index).toList();
    }
}
