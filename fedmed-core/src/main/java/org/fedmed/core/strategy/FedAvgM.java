package org.fedmed.core.strategy;

import org.fedmed.core.optimizer.ServerMomentum;

/** FedAvg with server momentum (Hsu et al. 2019): {@code mean(samples) → momentum(η, β)}. */
public final class FedAvgM extends SamplingStrategy {

    public FedAvgM(StrategyOptions options, double serverLearningRate, double momentum) {
        super(options, new ServerMomentum(serverLearningRate, momentum));
    }

    @Override
    public String name() {
        return "fedavgm";
    }
}
