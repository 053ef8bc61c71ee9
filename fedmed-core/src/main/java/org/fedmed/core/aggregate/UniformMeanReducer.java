package org.fedmed.core.aggregate;

import java.util.List;
import org.fedmed.core.model.ModelWeights;

/**
 * {@code mean(uniform, ÷expected)}: global + Σ_k Δ_k / m with equal weights and m fixed before the
 * round (DP-FedAvg's fixed-denominator estimator, McMahan et al. 2018). Equal weights keep one site's
 * influence at C/m whatever its data size; a fixed m keeps it there when sites drop out (the mean
 * then shrinks towards zero, never becomes less private).
 */
public record UniformMeanReducer() implements Reducer {

    @Override
    public String describe() {
        return "mean(uniform, fixed denominator)";
    }

    @Override
    public ModelWeights reduce(AggregationRound round, List<Contribution> in) {
        if (in.isEmpty()) {
            throw new IllegalArgumentException("no updates to aggregate");
        }
        if (!(round.expected() > 0)) {
            throw new IllegalArgumentException("round " + round.round() + ": a uniform mean needs an expected number of sites > 0");
        }
        ModelWeights global = round.global();
        int n = global.size();
        double[] sum = new double[n];
        for (Contribution c : in) {
            float[] d = c.delta(global).values();
            for (int i = 0; i < n; i++) {
                sum[i] += d[i];
            }
        }
        float[] g = global.values();
        float[] out = new float[n];
        double m = round.expected();
        for (int i = 0; i < n; i++) {
            out[i] = (float) (g[i] + sum[i] / m);
        }
        return global.withValues(out);
    }
}
