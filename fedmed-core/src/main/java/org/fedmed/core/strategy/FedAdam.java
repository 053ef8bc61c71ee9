package org.fedmed.core.strategy;

import org.fedmed.core.optimizer.AdaptiveServerOptimizer.Hyper;
import org.fedmed.core.optimizer.ServerAdam;

/** FedAdam (Reddi et al. 2021): {@code mean(samples) → adam(η, β1, β2, τ)}. */
public final class FedAdam extends FedOpt {

    public FedAdam(StrategyOptions options, Hyper hyper) {
        super(options, new ServerAdam(hyper));
    }

    @Override
    public String name() {
        return "fedadam";
    }
}
