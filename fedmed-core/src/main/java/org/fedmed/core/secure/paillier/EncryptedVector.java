package org.fedmed.core.secure.paillier;

import java.math.BigInteger;
import java.util.List;

/**
 * Packed ciphertexts of one vector of quantized values, or of the sum of several such vectors.
 *
 * @param length      the number of values packed (the last ciphertext may hold fewer slots)
 * @param count       how many site vectors were added into these ciphertexts (1 for one site's); the
 *                    unpacking removes count times the offset and checks slots against count
 * @param ciphertexts the ciphertexts, in slot order
 */
public record EncryptedVector(int length, int count, List<BigInteger> ciphertexts) {

    public EncryptedVector {
        if (length < 0 || count < 1 || ciphertexts == null) {
            throw new IllegalArgumentException("paillier: an encrypted vector needs length >= 0, count >= 1 and its ciphertexts");
        }
        ciphertexts = List.copyOf(ciphertexts);
    }

    @Override
    public String toString() {
        return "EncryptedVector[length=" + length + ", count=" + count + ", ciphertexts=" + ciphertexts.size() + "]";
    }
}
