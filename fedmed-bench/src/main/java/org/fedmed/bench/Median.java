package org.fedmed.bench;

import java.util.Arrays;
import java.util.List;

/** The median of repeated timings: robust to the odd repetition slowed by a busy, shared machine. */
public final class Median {

    private Median() {
    }

    public static double of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("the median of no values");
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    public static double of(List<Double> values) {
        return of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
