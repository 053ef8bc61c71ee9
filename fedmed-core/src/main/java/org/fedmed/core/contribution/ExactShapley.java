package org.fedmed.core.contribution;

import java.util.BitSet;

/**
 * The exact Shapley value, φ_i = Σ_{S ⊆ N∖{i}} |S|!(n−|S|−1)!/n! · (v(S ∪ {i}) − v(S)), from all 2^n
 * coalitions: the reference GTG-Shapley approximates, affordable for a handful of players only.
 */
public final class ExactShapley {

    /** Most players it enumerates (2^16 sub-models per round is already far beyond a study's budget). */
    public static final int MAX_PLAYERS = 16;

    private ExactShapley() {
    }

    public static double[] values(int players, SubsetUtility v) {
        if (players > MAX_PLAYERS) {
            throw new IllegalArgumentException("exact Shapley values enumerate 2^n coalitions; " + players + " players is more"
                    + " than the " + MAX_PLAYERS + " allowed; use shapley (GTG-Shapley) instead");
        }
        int n = players;
        double[] worth = new double[1 << n];
        for (int mask = 0; mask < worth.length; mask++) {
            worth[mask] = v.value(BitSet.valueOf(new long[] {mask}));
        }
        // weight(s) = s!(n−s−1)!/n!, built by a recurrence to stay in doubles without factorials
        double[] weight = new double[Math.max(n, 1)];
        if (n > 0) {
            weight[0] = 1.0 / n;
            for (int s = 1; s < n; s++) {
                weight[s] = weight[s - 1] * s / (n - s);
            }
        }
        double[] phi = new double[n];
        for (int mask = 0; mask < worth.length; mask++) {
            int size = Integer.bitCount(mask);
            for (int i = 0; i < n; i++) {
                if ((mask & (1 << i)) == 0) {
                    phi[i] += weight[size] * (worth[mask | (1 << i)] - worth[mask]);
                }
            }
        }
        return phi;
    }
}
