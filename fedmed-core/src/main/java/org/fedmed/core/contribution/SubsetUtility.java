package org.fedmed.core.contribution;

import java.util.BitSet;

/**
 * The worth v(S) of a coalition S of a round's players (sites, or secure groups), numbered 0..n−1 in
 * the round's order. Contribution methods see nothing else, so they run on any utility: a model
 * metric on validation data in a study, an additive toy game in tests.
 */
@FunctionalInterface
public interface SubsetUtility {

    /** v(S) for the players set in {@code coalition}; v(∅) is the empty set's worth. Must not change {@code coalition}. */
    double value(BitSet coalition);
}
