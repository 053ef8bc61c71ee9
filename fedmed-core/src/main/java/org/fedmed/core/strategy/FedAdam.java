package org.fedmed.core.strategy;

/** FedAdam: v ← β2·v + (1 − β2)·Δ² (Reddi et al. 2021). */
public final class FedAdam extends FedOpt {

    public FedAdam(StrategyOptions options, Hyper hyper) {
        super(options, hyper);
    }

    @Override
    public String name() {
        return "fedadam";
    }

    @Override
    protected float secondMoment(float v, float d2) {
        float b2 = (float) hyper.beta2();
        return b2 * v + (1 - b2) * d2;
    }
}
