package org.fedmed.core.strategy;

import java.util.List;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.model.ModelWeights;

/**
 * Federated Averaging (McMahan et al. 2017): the next global model is the mean of the sites'
 * models, weighted by their sample counts (or another {@link AggregationWeighting}).
 */
public class FedAvg extends SamplingStrategy {

    public FedAvg(StrategyOptions options) {
        super(options);
    }

    @Override
    public String name() {
        return "fedavg";
    }

    @Override
    public ModelWeights aggregateFit(int round, ModelWeights global, List<SiteUpdate> updates) {
        return WeightedMean.of(updates, options.weighting());
    }
}
