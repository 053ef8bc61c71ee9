package org.fedmed.core.strategy;

import org.fedmed.core.optimizer.AdaptiveServerOptimizer.Hyper;
import org.fedmed.core.optimizer.ServerYogi;

/** FedYogi (Reddi et al. 2021): {@code mean(samples) → yogi(η, β1, β2, τ)}. */
public final class FedYogi extends FedOpt {

    public FedYogi(StrategyOptions options, Hyper hyper) {
        super(options, new ServerYogi(hyper));
    }

    @Override
    public String name() {
        return "fedyogi";
    }
}
