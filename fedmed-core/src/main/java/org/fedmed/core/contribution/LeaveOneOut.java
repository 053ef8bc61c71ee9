package org.fedmed.core.contribution;

import java.util.BitSet;

/** Leave-one-out: player i's value is v(N) − v(N \ {i}); n + 1 evaluations. */
public final class LeaveOneOut {

    private LeaveOneOut() {
    }

    public static double[] values(int players, SubsetUtility v) {
        BitSet all = new BitSet(players);
        all.set(0, players);
        double whole = v.value(all);
        double[] out = new double[players];
        for (int i = 0; i < players; i++) {
            BitSet without = (BitSet) all.clone();
            without.clear(i);
            out[i] = whole - v.value(without);
        }
        return out;
    }
}
