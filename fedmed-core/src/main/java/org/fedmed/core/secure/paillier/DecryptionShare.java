package org.fedmed.core.secure.paillier;

import java.math.BigInteger;
import java.util.List;

/**
 * Site {@code index}'s decryption shares of a summed vector, one per ciphertext. Not secret (together
 * with t - 1 others they reveal only the sum, which is to be revealed), but not authenticated either:
 * see {@link ThresholdDecryption} for what a tampered share does.
 *
 * @param index  the site's key share index 1..count
 * @param values c_j^(2 Delta s_i) mod n^2 for each ciphertext c_j
 */
public record DecryptionShare(int index, List<BigInteger> values) {

    public DecryptionShare {
        if (index < 1 || values == null) {
            throw new IllegalArgumentException("threshold paillier: a decryption share needs an index >= 1 and its values");
        }
        values = List.copyOf(values);
    }

    @Override
    public String toString() {
        return "DecryptionShare[index=" + index + ", values=" + values.size() + "]";
    }
}
