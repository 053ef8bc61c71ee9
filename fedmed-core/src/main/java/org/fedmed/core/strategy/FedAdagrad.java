package org.fedmed.core.strategy;

/** FedAdagrad: v ← v + Δ² (Reddi et al. 2021). */
public final class FedAdagrad extends FedOpt {

    public FedAdagrad(StrategyOptions options, Hyper hyper) {
        super(options, hyper);
    }

    @Override
    public String name() {
        return "fedadagrad";
    }

    @Override
    protected float secondMoment(float v, float d2) {
        return v + d2;
    }
}
