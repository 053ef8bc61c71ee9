package org.fedmed.core.optimizer;

/** {@code yogi}: v ← v − (1 − β2)·Δ²·sign(v − Δ²) (Reddi et al. 2021). */
public final class ServerYogi extends AdaptiveServerOptimizer {

    public ServerYogi(Hyper hyper) {
        super(hyper);
    }

    @Override
    protected String rule() {
        return "yogi";
    }

    @Override
    protected float secondMoment(float v, float d2) {
        float b2 = (float) hyper.beta2();
        return v - (1 - b2) * d2 * Math.signum(v - d2);
    }
}
