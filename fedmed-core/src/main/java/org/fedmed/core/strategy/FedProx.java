package org.fedmed.core.strategy;

import org.fedmed.core.training.TrainingConfig;

/**
 * FedProx (Li et al. 2020): FedAvg's aggregation, with each site minimizing its loss plus
 * (μ/2)·‖w − w_global‖², which keeps heterogeneous sites from drifting apart. μ travels to the
 * sites in their training settings.
 */
public final class FedProx extends FedAvg {

    private final double mu;

    public FedProx(StrategyOptions options, double mu) {
        super(options);
        if (!(mu >= 0) || !Double.isFinite(mu)) {
            throw new IllegalArgumentException("FedProx mu must be a finite number >= 0, got " + mu);
        }
        this.mu = mu;
    }

    public double mu() {
        return mu;
    }

    @Override
    public String name() {
        return "fedprox";
    }

    @Override
    protected TrainingConfig roundConfig(TrainingConfig config) {
        return config.withProximalMu(mu);
    }
}
