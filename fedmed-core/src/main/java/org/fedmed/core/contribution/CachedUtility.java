package org.fedmed.core.contribution;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembers each coalition's worth, so a method asking twice for one sub-model pays once, and counts
 * the evaluations actually made: the cost figure reported beside the values.
 */
public final class CachedUtility implements SubsetUtility {

    private final SubsetUtility inner;
    private final Map<BitSet, Double> known = new HashMap<>();

    public CachedUtility(SubsetUtility inner) {
        this.inner = inner;
    }

    @Override
    public double value(BitSet coalition) {
        Double v = known.get(coalition);
        if (v == null) {
            v = inner.value(coalition);
            known.put((BitSet) coalition.clone(), v);
        }
        return v;
    }

    /** Distinct coalitions evaluated so far. */
    public int evaluations() {
        return known.size();
    }
}
