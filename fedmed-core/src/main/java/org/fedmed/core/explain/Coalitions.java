package org.fedmed.core.explain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The coalitions Kernel SHAP fits its linear model on, with their weights. The Shapley kernel of
 * Lundberg &amp; Lee (2017, Theorem 2) weighs a coalition of s of M features by
 * π(s) = (M − 1) / (C(M, s) · s · (M − s)). With few features every proper non-empty coalition is
 * enumerated with weight π (the regression then gives the exact Shapley values); otherwise sizes are
 * drawn with probability proportional to C(M, s) · π(s) = (M − 1) / (s (M − s)) and a subset of
 * that size uniformly, each with weight 1 (the draw already follows the kernel), and every drawn
 * coalition comes with its complement, which has the same kernel mass (paired sampling lowers the
 * variance).
 *
 * @param members one boolean row per coalition: true where the feature takes the explained row's value
 * @param weights the regression weight of each coalition
 */
public record Coalitions(List<boolean[]> members, double[] weights) {

    /** Enumeration stops above this many features (2^M − 2 coalitions). */
    static final int MAX_ENUMERATED_FEATURES = 12;

    /**
     * Coalitions of {@code features} features: all of them when 2^M − 2 ≤ {@code budget} and M ≤ 12,
     * else {@code budget} (rounded up to even) paired draws.
     */
    public static Coalitions of(int features, int budget, Random random) {
        if (features < 2) {
            throw new IllegalArgumentException("Kernel SHAP needs at least 2 features to form coalitions, got " + features);
        }
        if (budget < 2) {
            throw new IllegalArgumentException("the coalition budget must be at least 2, got " + budget);
        }
        if (features <= MAX_ENUMERATED_FEATURES && (1L << features) - 2 <= budget) {
            return enumerate(features);
        }
        return sample(features, budget, random);
    }

    /** Every proper non-empty coalition, weighted by the Shapley kernel. */
    static Coalitions enumerate(int m) {
        List<boolean[]> members = new ArrayList<>();
        int total = (1 << m) - 2;
        double[] weights = new double[total];
        for (int mask = 1; mask <= total; mask++) {
            boolean[] z = new boolean[m];
            for (int j = 0; j < m; j++) {
                z[j] = (mask & (1 << j)) != 0;
            }
            weights[members.size()] = kernel(m, Integer.bitCount(mask));
            members.add(z);
        }
        return new Coalitions(members, weights);
    }

    static Coalitions sample(int m, int budget, Random random) {
        double[] sizeMass = new double[m];
        double total = 0;
        for (int s = 1; s < m; s++) {
            sizeMass[s] = (m - 1.0) / (s * (double) (m - s));
            total += sizeMass[s];
        }
        int pairs = (budget + 1) / 2;
        List<boolean[]> members = new ArrayList<>(2 * pairs);
        int[] order = new int[m];
        for (int p = 0; p < pairs; p++) {
            double u = random.nextDouble() * total;
            int size = 1;
            while (size < m - 1 && u >= sizeMass[size]) {
                u -= sizeMass[size];
                size++;
            }
            for (int j = 0; j < m; j++) {
                order[j] = j;
            }
            // a partial Fisher–Yates shuffle picks the first `size` features uniformly
            boolean[] z = new boolean[m];
            for (int j = 0; j < size; j++) {
                int k = j + random.nextInt(m - j);
                int t = order[j];
                order[j] = order[k];
                order[k] = t;
                z[order[j]] = true;
            }
            boolean[] complement = new boolean[m];
            for (int j = 0; j < m; j++) {
                complement[j] = !z[j];
            }
            members.add(z);
            members.add(complement);
        }
        double[] weights = new double[members.size()];
        Arrays.fill(weights, 1.0);
        return new Coalitions(members, weights);
    }

    /** The Shapley kernel π(s) for a coalition of s of m features (0 &lt; s &lt; m). */
    static double kernel(int m, int s) {
        return (m - 1.0) / (binomial(m, s) * s * (m - s));
    }

    static double binomial(int n, int k) {
        double c = 1;
        for (int i = 1; i <= k; i++) {
            c = c * (n - k + i) / i;
        }
        return c;
    }

    public int size() {
        return members.size();
    }
}
