package org.fedmed.core.secure.paillier;

import java.util.List;

/**
 * Decryption shares that cannot all be honest: two subsets of them decrypt to different sums, or a
 * combination is not of the form a decryption yields. {@link #suspects} names the site indices that may
 * have sent a wrong share (one index when the combiner could single it out).
 */
public final class TamperedShareException extends IllegalStateException {

    private final List<Integer> suspects;

    public TamperedShareException(String message, List<Integer> suspects) {
        super(message);
        this.suspects = List.copyOf(suspects);
    }

    public List<Integer> suspects() {
        return suspects;
    }
}
