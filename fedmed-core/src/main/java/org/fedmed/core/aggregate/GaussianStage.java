package org.fedmed.core.aggregate;

import java.util.List;
import java.util.function.Supplier;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.privacy.mechanism.GaussianNoise;

/**
 * {@code gaussian(σ)}: central Gaussian noise on the uniform mean of clipped deltas, N(0, (σ_t·C_t/m)²)
 * on each coordinate of tensor t (σ_t·C_t is the noise on the sum; m the round's fixed
 * denominator). With site noise shares (distributed mode) it adds only what the sites that did not
 * answer would have added, so the sum always carries the accounted noise.
 */
public final class GaussianStage implements ServerStage {

    /** The per-tensor standard deviation of the noise on the SUM of the round's clipped deltas. */
    public interface SumNoise {
        double[] std(int round, int tensors);
    }

    private final SumNoise sumNoise;
    private final boolean sitesAddShares;
    private final Supplier<GaussianNoise> noise;
    private final String label;

    public GaussianStage(SumNoise sumNoise, boolean sitesAddShares, Supplier<GaussianNoise> noise, String label) {
        this.sumNoise = sumNoise;
        this.sitesAddShares = sitesAddShares;
        this.noise = noise;
        this.label = label;
    }

    @Override
    public String describe() {
        return "gaussian(" + label + (sitesAddShares ? ", shares added at sites" : "") + ")";
    }

    @Override
    public ModelWeights apply(AggregationRound round, List<Contribution> in, ModelWeights proposed) {
        double m = round.expected();
        double share = sitesAddShares ? Math.max(0.0, (m - in.size()) / m) : 1.0;
        double[] std = sumNoise.std(round.round(), proposed.tensorCount());
        float[] out = proposed.values().clone();
        for (int t = 0; t < std.length; t++) {
            double s = std[t] * Math.sqrt(share) / m;
            if (s > 0) {
                int from = proposed.offset(t);
                noise.get().addTo(out, from, from + proposed.specs().get(t).numel(), s);
            }
        }
        return proposed.withValues(out);
    }
}
