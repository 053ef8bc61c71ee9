package org.fedmed.core.secure.paillier;

import java.util.List;

/**
 * What the provisioning step (the trusted dealer) hands out: the public key for the coordinator and
 * every site, and one key share per site (share i to site i, over a confidential channel). The dealer
 * must forget p, q and the shares afterwards; this record holds neither p nor q.
 *
 * @param publicKey the federation's public key
 * @param threshold t, the number of sites that must take part to decrypt
 * @param shares    the key shares, index 1..count in order
 */
public record ThresholdKeys(PaillierPublicKey publicKey, int threshold, List<PaillierKeyShare> shares) {

    public ThresholdKeys {
        shares = List.copyOf(shares);
    }

    /** The number of key shares (sites). */
    public int count() {
        return shares.size();
    }

    /** The combiner that turns decryption shares of these keys back into plaintexts. */
    public ThresholdDecryption decryption() {
        return new ThresholdDecryption(publicKey, threshold, shares.size());
    }

    @Override
    public String toString() {
        return "ThresholdKeys[bits=" + publicKey.bits() + ", t=" + threshold + ", n=" + shares.size() + "]";
    }
}
