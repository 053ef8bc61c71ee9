package org.fedmed.core.strategy;

/** FedYogi: v ← v − (1 − β2)·Δ²·sign(v − Δ²) (Reddi et al. 2021), a gentler growth of v than Adam's. */
public final class FedYogi extends FedOpt {

    public FedYogi(StrategyOptions options, Hyper hyper) {
        super(options, hyper);
    }

    @Override
    public String name() {
        return "fedyogi";
    }

    @Override
    protected float secondMoment(float v, float d2) {
        float b2 = (float) hyper.beta2();
        return v - (1 - b2) * d2 * Math.signum(v - d2);
    }
}
