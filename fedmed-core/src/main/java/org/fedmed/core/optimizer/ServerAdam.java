package org.fedmed.core.optimizer;

/** {@code adam}: v ← β2·v + (1 − β2)·Δ² (Reddi et al. 2021). */
public final class ServerAdam extends AdaptiveServerOptimizer {

    public ServerAdam(Hyper hyper) {
        super(hyper);
    }

    @Override
    protected String rule() {
        return "adam";
    }

    @Override
    protected float secondMoment(float v, float d2) {
        float b2 = (float) hyper.beta2();
        return b2 * v + (1 - b2) * d2;
    }
}
