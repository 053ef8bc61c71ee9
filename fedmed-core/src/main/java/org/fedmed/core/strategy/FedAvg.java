package org.fedmed.core.strategy;

import org.fedmed.core.optimizer.ServerSgd;

/**
 * Federated Averaging (McMahan et al. 2017): the next global model is the mean of the sites'
 * models, weighted by their sample counts (or another weighting): {@code mean(samples) → sgd(η=1)}.
 */
public class FedAvg extends SamplingStrategy {

    public FedAvg(StrategyOptions options) {
        super(options, new ServerSgd(1.0));
    }

    @Override
    public String name() {
        return "fedavg";
    }
}
