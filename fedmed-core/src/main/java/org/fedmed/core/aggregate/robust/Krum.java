package org.fedmed.core.aggregate.robust;

import java.util.Arrays;
import java.util.Comparator;

/**
 * {@code krum(f)} and {@code multi_krum(f, m)} (Blanchard et al. 2017, "Machine learning with
 * adversaries: Byzantine tolerant gradient descent"). Each update's score is the sum of its squared
 * distances to its n − f − 2 nearest other updates; Krum keeps the update with the lowest score,
 * Multi-Krum averages the m lowest. An honest update sits among many honest neighbours, so a
 * poisoned one far from them scores high. The guarantee needs n > 2f + 2; Multi-Krum averages at
 * most n − f updates, so that whatever it keeps cannot be forced to include every poisoned one.
 * Ties go to the update that arrived first, so a round's result does not depend on sorting details.
 *
 * @param f the number of poisoned updates tolerated
 * @param m how many of the best-scored updates are averaged (1: Krum)
 */
public record Krum(int f, int m) implements VectorRule {

    public Krum {
        if (f < 0) {
            throw new IllegalArgumentException("aggregator " + name(m) + " needs f ≥ 0 poisoned updates tolerated, got f=" + f);
        }
        if (m < 1) {
            throw new IllegalArgumentException("aggregator multi_krum needs m ≥ 1 updates averaged, got m=" + m);
        }
    }

    private static String name(int m) {
        return m == 1 ? "krum" : "multi_krum";
    }

    @Override
    public String describe() {
        return m == 1 ? "krum(f=" + f + ")" : "multi_krum(f=" + f + ", m=" + m + ")";
    }

    @Override
    public int minimumSites() {
        return Math.max(2 * f + 3, m + f);
    }

    @Override
    public String requirement() {
        String krum = "n > 2f + 2 = " + (2 * f + 2);
        return m == 1 ? krum : krum + " and n ≥ m + f = " + (m + f);
    }

    @Override
    public float[] combine(float[][] deltas) {
        int n = deltas.length;
        if (n < minimumSites()) {
            // a round with fewer updates than checked before round 1 is left out by minimumSites; this is a bug guard
            throw new IllegalStateException(describe() + " needs " + requirement() + " updates, got n=" + n);
        }
        int[] order = ranked(Vectors.squaredDistances(deltas), Vectors.all(n), f);
        return Vectors.mean(deltas, Arrays.copyOf(order, m));
    }

    /**
     * The updates {@code among} ordered by their Krum score, best first, from the pairwise squared
     * distances {@code dist}. Each scores against its max(1, n' − f − 2) nearest others in
     * {@code among} (n' its size): Bulyan calls this on shrinking sets, where n' − f − 2 can fall
     * below one.
     */
    static int[] ranked(double[][] dist, int[] among, int f) {
        int n = among.length;
        int neighbours = Math.min(n - 1, Math.max(1, n - f - 2));
        double[] score = new double[n];
        double[] row = new double[n - 1];
        for (int a = 0; a < n; a++) {
            int j = 0;
            for (int b = 0; b < n; b++) {
                if (b != a) {
                    row[j++] = dist[among[a]][among[b]];
                }
            }
            Arrays.sort(row);
            for (int k = 0; k < neighbours; k++) {
                score[a] += row[k];
            }
        }
        Integer[] idx = new Integer[n];
        Arrays.setAll(idx, k -> k);
        Arrays.sort(idx, Comparator.comparingDouble((Integer k) -> score[k]).thenComparingInt(k -> k));
        int[] out = new int[n];
        for (int k = 0; k < n; k++) {
            out[k] = among[idx[k]];
        }
        return out;
    }
}
