package org.fedmed.core.secure.paillier;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The site's side: a quantized update to packed ciphertexts under the federation's public key. The
 * values must be signed levels in [-M, M]; a {@link org.fedmed.core.secure.Quantizer}'s ring elements
 * are read back as signed first (see {@link #encodeRing}).
 */
public final class PaillierSiteEncoder {

    private final PaillierPublicKey key;
    private final PaillierPacking packing;
    private final RandomnessPool randomness;

    public PaillierSiteEncoder(PaillierPacking packing, RandomnessPool randomness) {
        if (packing == null || randomness == null) {
            throw new IllegalArgumentException("paillier: a site encoder needs a packing and a randomness pool");
        }
        if (packing.keyBits() != randomness.key().bits()) {
            throw new IllegalArgumentException("paillier: the packing is for a " + packing.keyBits() + "-bit key, the randomness for a "
                + randomness.key().bits() + "-bit key");
        }
        this.key = randomness.key();
        this.packing = packing;
        this.randomness = randomness;
    }

    public PaillierPacking packing() {
        return packing;
    }

    /** Packs and encrypts signed values in [-M, M]: one fresh r^n per ciphertext, taken from the pool. */
    public EncryptedVector encode(int[] values) {
        return encrypt(packing.pack(values), values.length);
    }

    /** As {@link #encode(int[])}, for long values. */
    public EncryptedVector encode(long[] values) {
        return encrypt(packing.pack(values), values.length);
    }

    /**
     * Encodes the output of {@code Quantizer.quantize}: elements of Z_{2^k} that hold negative values
     * wrapped, read back as signed with {@code ring.signed} before packing.
     */
    public EncryptedVector encodeRing(int[] ringElements, org.fedmed.core.secure.Ring ring) {
        int[] signed = Arrays.copyOf(ringElements, ringElements.length);
        for (int i = 0; i < signed.length; i++) {
            signed[i] = ring.signed(signed[i]);
        }
        return encode(signed);
    }

    private EncryptedVector encrypt(BigInteger[] plaintexts, int length) {
        BigInteger[] ciphertexts = new BigInteger[plaintexts.length];
        for (int i = 0; i < plaintexts.length; i++) {
            ciphertexts[i] = key.encrypt(plaintexts[i], randomness.take());
        }
        return new EncryptedVector(length, 1, Arrays.asList(ciphertexts));
    }
}
