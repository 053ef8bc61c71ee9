package org.fedmed.core.optimizer;

/** {@code adagrad}: v ← v + Δ² (Reddi et al. 2021). */
public final class ServerAdagrad extends AdaptiveServerOptimizer {

    public ServerAdagrad(Hyper hyper) {
        super(hyper);
    }

    @Override
    protected String rule() {
        return "adagrad";
    }

    @Override
    protected float secondMoment(float v, float d2) {
        return v + d2;
    }
}
