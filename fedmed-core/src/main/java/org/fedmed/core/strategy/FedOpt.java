package org.fedmed.core.strategy;

import java.util.List;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.model.ModelWeights;

/**
 * Adaptive server optimizers of Reddi et al. 2021, "Adaptive Federated Optimization" (Algorithm 2).
 * With Δ = mean(updates) − w:
 * m ← β1·m + (1 − β1)·Δ; v ← (variant's rule); w ← w + η·m / (√v + τ).
 * As in the paper there is no bias correction and v starts at τ². The moments m and v are the server
 * state ({@link #saveState()}: arrays {@code m} and {@code v}).
 */
public abstract class FedOpt extends SamplingStrategy implements StatefulStrategy {

    /** Server-side hyper-parameters: η, β1, β2, τ. */
    public record Hyper(double eta, double beta1, double beta2, double tau) {
        public Hyper {
            if (!(eta > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(tau > 0)) {
                throw new IllegalArgumentException("FedOpt needs eta > 0, beta1 and beta2 in [0, 1), tau > 0; got " + this);
            }
        }

        public static Hyper defaults() {
            return new Hyper(0.1, 0.9, 0.99, 1e-3);
        }
    }

    protected final Hyper hyper;
    private float[] m;
    private float[] v;

    protected FedOpt(StrategyOptions options, Hyper hyper) {
        super(options);
        this.hyper = hyper;
    }

    /** The variant's second-moment update for one coordinate. */
    protected abstract float secondMoment(float v, float deltaSquared);

    @Override
    public ModelWeights aggregateFit(int round, ModelWeights global, List<SiteUpdate> updates) {
        float[] mean = WeightedMean.of(updates, options.weighting()).values();
        float[] w = global.values();
        if (m == null || m.length != w.length) {
            m = new float[w.length];
            v = new float[w.length];
            java.util.Arrays.fill(v, (float) (hyper.tau() * hyper.tau()));
        }
        float b1 = (float) hyper.beta1();
        float eta = (float) hyper.eta();
        float tau = (float) hyper.tau();
        float[] out = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            float delta = mean[i] - w[i];
            m[i] = b1 * m[i] + (1 - b1) * delta;
            v[i] = secondMoment(v[i], delta * delta);
            out[i] = w[i] + eta * m[i] / ((float) Math.sqrt(v[i]) + tau);
        }
        return global.withValues(out);
    }

    @Override
    public StrategyState saveState() {
        if (m == null) {
            return StrategyState.empty(name());
        }
        java.util.LinkedHashMap<String, float[]> a = new java.util.LinkedHashMap<>();
        a.put("m", m);
        a.put("v", v);
        return new StrategyState(name(), a);
    }

    @Override
    public void restoreState(StrategyState state) {
        if (!name().equals(state.strategy())) {
            throw new IllegalArgumentException("cannot restore the state of " + state.strategy() + " into " + name());
        }
        if (state.isEmpty()) {
            m = null;
            v = null;
            return;
        }
        if (!state.names().equals(java.util.Set.of("m", "v"))) {
            throw new IllegalArgumentException(name() + " state needs exactly the arrays 'm' and 'v', got " + state.names());
        }
        float[] newM = state.array("m");
        float[] newV = state.array("v");
        if (newM.length != newV.length) {
            throw new IllegalArgumentException(name() + " state: m has " + newM.length + " values, v has " + newV.length);
        }
        m = newM;
        v = newV;
    }
}
