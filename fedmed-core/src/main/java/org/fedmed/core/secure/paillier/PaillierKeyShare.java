package org.fedmed.core.secure.paillier;

import java.math.BigInteger;
import java.util.List;

/**
 * One site's share s_i = f(i) of the threshold decryption exponent d (see {@link ThresholdDealer}). A
 * site uses it for one thing: its decryption share c^(2 Delta s_i) mod n^2 of each summed ciphertext.
 * The share is secret, so {@link #toString} shows the index and parameters only. The exponentiation is
 * not constant time (BigInteger); it runs on ciphertexts of sums, which the site is entitled to help
 * decrypt.
 *
 * @param index     i, the site's position 1..count
 * @param threshold t
 * @param count     the number of sites (shares) dealt; Delta = count!
 * @param publicKey the federation's public key
 * @param secret    s_i, in [0, n m)
 */
public record PaillierKeyShare(int index, int threshold, int count, PaillierPublicKey publicKey, BigInteger secret) {

    public PaillierKeyShare {
        ThresholdDealer.checkShape(threshold, count);
        if (index < 1 || index > count) {
            throw new IllegalArgumentException("threshold paillier: a key share index must be in 1.." + count + ", got " + index);
        }
        if (publicKey == null || secret == null || secret.signum() < 0 || secret.bitLength() > 2 * publicKey.bits()) {
            throw new IllegalArgumentException("threshold paillier: key share " + index + " has no public key or a secret out of range");
        }
    }

    /** The decryption share of each ciphertext of {@code sum}: c^(2 Delta s_i) mod n^2. */
    public DecryptionShare decryptionShare(EncryptedVector sum) {
        BigInteger exponent = ThresholdDealer.delta(count).multiply(secret).shiftLeft(1);
        List<BigInteger> cs = sum.ciphertexts();
        BigInteger[] out = new BigInteger[cs.size()];
        for (int i = 0; i < out.length; i++) {
            publicKey.checkCiphertext(cs.get(i), "ciphertext " + i);
            out[i] = cs.get(i).modPow(exponent, publicKey.nSquared());
        }
        return new DecryptionShare(index, List.of(out));
    }

    @Override
    public String toString() {
        return "PaillierKeyShare[index=" + index + ", t=" + threshold + ", n=" + count + ", bits=" + publicKey.bits() + "]";
    }
}
