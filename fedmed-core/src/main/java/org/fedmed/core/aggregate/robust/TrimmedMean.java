package org.fedmed.core.aggregate.robust;

import java.util.Arrays;
import java.util.Locale;

/**
 * {@code trimmed_mean(β)}: for each coordinate, drop the ⌊β·n⌋ largest and the ⌊β·n⌋ smallest
 * values and average the rest (Yin et al. 2018). The count dropped per side is scipy's
 * {@code trim_mean(x, β)}, which Flower's FedTrimmedAvg also uses, so the same inputs give the same
 * aggregate. β must be below ½: at ½ nothing would be left on an even count.
 */
public record TrimmedMean(double beta) implements VectorRule {

    public TrimmedMean {
        if (!(beta >= 0 && beta < 0.5)) {
            throw new IllegalArgumentException("aggregator trimmed_mean needs a trimming fraction β in [0, 0.5) per side, got "
                    + beta + " (β ≥ 0.5 would trim every update)");
        }
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "trimmed_mean(β=%s)", beta);
    }

    @Override
    public float[] combine(float[][] deltas) {
        int n = deltas.length;
        // exactly scipy's int(proportiontocut * nobs), float rounding included, so both agree on every input
        int cut = (int) (beta * n);
        int d = deltas[0].length;
        double[] column = new double[n];
        float[] out = new float[d];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < n; k++) {
                column[k] = deltas[k][i];
            }
            Arrays.sort(column);
            double s = 0;
            for (int k = cut; k < n - cut; k++) {
                s += column[k];
            }
            out[i] = (float) (s / (n - 2 * cut));
        }
        return out;
    }
}
