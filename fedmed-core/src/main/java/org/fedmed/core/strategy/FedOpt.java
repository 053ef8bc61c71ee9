package org.fedmed.core.strategy;

import org.fedmed.core.optimizer.AdaptiveServerOptimizer;

/**
 * The adaptive federated optimizers of Reddi et al. 2021: {@code mean(samples)} then an adaptive
 * server optimizer (Adam, Yogi or Adagrad; see {@link AdaptiveServerOptimizer}).
 */
public abstract class FedOpt extends SamplingStrategy {

    protected FedOpt(StrategyOptions options, AdaptiveServerOptimizer optimizer) {
        super(options, optimizer);
    }
}
