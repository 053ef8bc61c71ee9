package org.fedmed.core.contribution;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A reward pool split in proportion to contribution values, in whole hundredths (cents) that add up to
 * the pool exactly. A negative value (a site whose updates made the model worse) is floored at 0: it
 * earns nothing but owes nothing either. When no site has a positive value the pool is split equally,
 * so the pool is always paid out. Rounding uses the largest remainders (ties to the earlier site).
 */
public final class RewardSplit {

    private RewardSplit() {
    }

    /** Each site's reward, in the order of {@code values}; the amounts are multiples of 0.01 summing to {@code pool}. */
    public static Map<String, Double> split(Map<String, Double> values, double pool) {
        if (!(pool >= 0) || !Double.isFinite(pool)) {
            throw new IllegalArgumentException("reward pool must be a finite number >= 0, got " + pool);
        }
        List<String> sites = List.copyOf(values.keySet());
        int n = sites.size();
        Map<String, Double> out = new LinkedHashMap<>();
        if (n == 0) {
            return out;
        }
        long cents = Math.round(pool * 100);
        double[] basis = sites.stream().mapToDouble(s -> Math.max(0, finiteOrZero(values.get(s)))).toArray();
        double total = Arrays.stream(basis).sum();
        if (total <= 0) {
            Arrays.fill(basis, 1);
            total = n;
        }
        long[] paid = new long[n];
        double[] remainder = new double[n];
        long given = 0;
        for (int i = 0; i < n; i++) {
            double exact = cents * basis[i] / total;
            paid[i] = (long) Math.floor(exact);
            remainder[i] = exact - paid[i];
            given += paid[i];
        }
        Integer[] byRemainder = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(byRemainder, Comparator.comparingDouble((Integer i) -> -remainder[i]).thenComparingInt(i -> i));
        for (int k = 0; given < cents; k = (k + 1) % n) {
            paid[byRemainder[k]]++;
            given++;
        }
        for (int i = 0; i < n; i++) {
            out.put(sites.get(i), paid[i] / 100.0);
        }
        return out;
    }

    private static double finiteOrZero(Double v) {
        return v == null || !Double.isFinite(v) ? 0 : v;
    }
}
