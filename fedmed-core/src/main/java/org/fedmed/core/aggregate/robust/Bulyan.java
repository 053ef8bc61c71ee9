package org.fedmed.core.aggregate.robust;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bulyan(f)} (El Mhamdi et al. 2018, "The hidden vulnerability of distributed learning in
 * Byzantium"). Krum alone can be steered one coordinate at a time: a poisoned update close to the
 * honest ones in norm can still carry one huge coordinate. Bulyan first selects θ = n − 2f updates by
 * applying Krum again and again (each time removing the chosen one), then, coordinate by coordinate,
 * averages the β = θ − 2f selected values closest to their median, a trimmed mean around the median
 * that drops 2f values per coordinate. The paper's condition is n ≥ 4f + 3, i.e. n > 4f + 2.
 *
 * @param f the number of poisoned updates tolerated
 */
public record Bulyan(int f) implements VectorRule {

    public Bulyan {
        if (f < 0) {
            throw new IllegalArgumentException("aggregator bulyan needs f ≥ 0 poisoned updates tolerated, got f=" + f);
        }
    }

    @Override
    public String describe() {
        return "bulyan(f=" + f + ")";
    }

    @Override
    public int minimumSites() {
        return 4 * f + 3;
    }

    @Override
    public String requirement() {
        return "n ≥ 4f + 3 = " + (4 * f + 3);
    }

    @Override
    public float[] combine(float[][] deltas) {
        int n = deltas.length;
        if (n < minimumSites()) {
            throw new IllegalStateException(describe() + " needs " + requirement() + " updates, got n=" + n);
        }
        double[][] dist = Vectors.squaredDistances(deltas);
        int theta = n - 2 * f;
        List<Integer> left = new ArrayList<>(Arrays.stream(Vectors.all(n)).boxed().toList());
        int[] selected = new int[theta];
        for (int s = 0; s < theta; s++) {
            int best = Krum.ranked(dist, left.stream().mapToInt(Integer::intValue).toArray(), f)[0];
            selected[s] = best;
            left.remove(Integer.valueOf(best));
        }
        int beta = theta - 2 * f;
        int d = deltas[0].length;
        double[] column = new double[theta];
        double[] sorted = new double[theta];
        float[] out = new float[d];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < theta; k++) {
                column[k] = deltas[selected[k]][i];
            }
            System.arraycopy(column, 0, sorted, 0, theta);
            out[i] = (float) closestToMedian(sorted, beta);
        }
        return out;
    }

    /**
     * The mean of the {@code beta} values of {@code values} closest to their median. On sorted values
     * they are a contiguous window containing the median; it slides towards whichever side is closer.
     */
    static double closestToMedian(double[] values, int beta) {
        double med = Vectors.median(values);
        int lo = 0;
        int hi = values.length;
        // shrink [lo, hi) from the side whose end lies farther from the median until beta values remain
        while (hi - lo > beta) {
            if (med - values[lo] > values[hi - 1] - med) {
                lo++;
            } else {
                hi--;
            }
        }
        double s = 0;
        for (int k = lo; k < hi; k++) {
            s += values[k];
        }
        return s / beta;
    }
}
