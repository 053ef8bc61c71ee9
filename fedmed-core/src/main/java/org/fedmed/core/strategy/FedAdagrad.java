package org.fedmed.core.strategy;

import org.fedmed.core.optimizer.AdaptiveServerOptimizer.Hyper;
import org.fedmed.core.optimizer.ServerAdagrad;

/** FedAdagrad (Reddi et al. 2021): {@code mean(samples) → adagrad(η, β1, β2, τ)}. */
public final class FedAdagrad extends FedOpt {

    public FedAdagrad(StrategyOptions options, Hyper hyper) {
        super(options, new ServerAdagrad(hyper));
    }

    @Override
    public String name() {
        return "fedadagrad";
    }
}
