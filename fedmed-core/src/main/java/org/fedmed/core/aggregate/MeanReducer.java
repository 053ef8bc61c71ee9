package org.fedmed.core.aggregate;

import java.util.List;
import org.fedmed.core.model.ModelWeights;

/**
 * {@code mean(samples)}: the weighted mean of the sites' models, weights from an
 * {@link AggregationWeighting} (sample counts by default, as in FedAvg). Model contributions are
 * averaged directly ({@link WeightedMean}, cache-blocked); deltas from site stages are averaged
 * and added to the global model.
 */
public record MeanReducer(AggregationWeighting weighting) implements Reducer {

    @Override
    public String describe() {
        return "mean(" + weighting.id() + ")";
    }

    @Override
    public ModelWeights reduce(AggregationRound round, List<Contribution> in) {
        if (in.isEmpty()) {
            throw new IllegalArgumentException("no updates to aggregate");
        }
        double[] w = new double[in.size()];
        ModelWeights[] values = new ModelWeights[in.size()];
        boolean deltas = false;
        for (int k = 0; k < w.length; k++) {
            Contribution c = in.get(k);
            w[k] = weighting.weight(c);
            values[k] = c.values();
            deltas |= c.isDelta();
        }
        if (!deltas) {
            return WeightedMean.of(values, w);
        }
        for (int k = 0; k < values.length; k++) {
            values[k] = in.get(k).delta(round.global());
        }
        return round.global().plusScaled(WeightedMean.of(values, w), 1f);
    }
}
