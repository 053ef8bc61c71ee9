package org.fedmed.core.secure.paillier;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The coordinator's side: adds the sites' encrypted vectors ciphertext by ciphertext (E(a) E(b) =
 * E(a + b)). It holds only the public key, so it learns nothing about any vector or the sum; the sum is
 * decrypted by the sites ({@link ThresholdDecryption}) or, in the simple mode, by a private-key holder.
 * Not thread-safe: one accumulator per round, fed from one thread.
 */
public final class PaillierSum {

    private final PaillierPublicKey key;
    private BigInteger[] sum;
    private int length;
    private int count;

    public PaillierSum(PaillierPublicKey key) {
        if (key == null) {
            throw new IllegalArgumentException("paillier: the sum needs the public key");
        }
        this.key = key;
    }

    /** Adds one vector (of one site, or an already summed one); every vector must have the same shape. */
    public void add(EncryptedVector vector) {
        List<BigInteger> cs = vector.ciphertexts();
        if (sum == null) {
            sum = new BigInteger[cs.size()];
            length = vector.length();
            for (int i = 0; i < sum.length; i++) {
                key.checkCiphertext(cs.get(i), "ciphertext " + i);
                sum[i] = cs.get(i);
            }
        } else {
            if (cs.size() != sum.length || vector.length() != length) {
                throw new IllegalArgumentException("paillier: a vector of " + vector.length() + " values in " + cs.size()
                    + " ciphertexts cannot be added to a sum of " + length + " values in " + sum.length);
            }
            for (int i = 0; i < sum.length; i++) {
                key.checkCiphertext(cs.get(i), "ciphertext " + i);
                sum[i] = key.add(sum[i], cs.get(i));
            }
        }
        count += vector.count();
    }

    /** Vectors added so far (counting each site vector once). */
    public int count() {
        return count;
    }

    /** The encrypted sum so far. */
    public EncryptedVector result() {
        if (sum == null) {
            throw new IllegalStateException("paillier: no vector has been added");
        }
        return new EncryptedVector(length, count, new ArrayList<>(List.of(sum)));
    }
}
