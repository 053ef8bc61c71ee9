package org.fedmed.core.optimizer;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;

/**
 * The adaptive server optimizers of Reddi et al. 2021, "Adaptive Federated Optimization"
 * (Algorithm 2). With Δ = proposed − w: m ← β1·m + (1 − β1)·Δ; v ← (variant's rule);
 * w ← w + η·m / (√v + τ). As in the paper there is no bias correction and v starts at τ².
 * BatchNorm running statistics ({@link TensorSpec#isRunningStatistic}) are not trained: they take the
 * sites' mean, as in FedAvg. State: the moments m and v.
 */
public abstract class AdaptiveServerOptimizer implements ServerOptimizer {

    /** Server-side hyper-parameters: η, β1, β2, τ. */
    public record Hyper(double eta, double beta1, double beta2, double tau) {
        public Hyper {
            if (!(eta > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(tau > 0)) {
                throw new IllegalArgumentException("adaptive server optimizers need eta > 0, beta1 and beta2 in [0, 1), tau > 0; got "
                        + "eta=" + eta + ", beta1=" + beta1 + ", beta2=" + beta2 + ", tau=" + tau);
            }
        }

        public static Hyper defaults() {
            return new Hyper(0.1, 0.9, 0.99, 1e-3);
        }
    }

    protected final Hyper hyper;
    private float[] m;
    private float[] v;

    protected AdaptiveServerOptimizer(Hyper hyper) {
        this.hyper = hyper;
    }

    /** e.g. {@code adam}. */
    protected abstract String rule();

    /** The variant's second-moment update for one coordinate. */
    protected abstract float secondMoment(float v, float deltaSquared);

    @Override
    public String describe() {
        return rule() + "(η=" + hyper.eta() + ", β1=" + hyper.beta1() + ", β2=" + hyper.beta2() + ", τ=" + hyper.tau() + ")";
    }

    @Override
    public ModelWeights step(ModelWeights global, ModelWeights proposed) {
        float[] mean = proposed.values();
        float[] w = global.values();
        if (m == null || m.length != w.length) {
            m = new float[w.length];
            v = new float[w.length];
            Arrays.fill(v, (float) (hyper.tau() * hyper.tau()));
        }
        float b1 = (float) hyper.beta1();
        float eta = (float) hyper.eta();
        float tau = (float) hyper.tau();
        float[] out = new float[w.length];
        int at = 0;
        for (TensorSpec s : global.specs()) {
            boolean running = s.isRunningStatistic();
            for (int i = at; i < at + s.numel(); i++) {
                if (running) {
                    // BatchNorm running statistics are averages, not parameters: a normalized step of about η
                    // would drive a small running variance negative (NaN outputs), so they take the mean
                    out[i] = mean[i];
                    continue;
                }
                float delta = mean[i] - w[i];
                m[i] = b1 * m[i] + (1 - b1) * delta;
                v[i] = secondMoment(v[i], delta * delta);
                out[i] = w[i] + eta * m[i] / ((float) Math.sqrt(v[i]) + tau);
            }
            at += s.numel();
        }
        return global.withValues(out);
    }

    @Override
    public Map<String, float[]> saveState() {
        if (m == null) {
            return Map.of();
        }
        Map<String, float[]> a = new LinkedHashMap<>();
        a.put("m", m.clone());
        a.put("v", v.clone());
        return a;
    }

    @Override
    public void restoreState(Map<String, float[]> arrays) {
        if (arrays.isEmpty()) {
            m = null;
            v = null;
            return;
        }
        if (!arrays.keySet().equals(Set.of("m", "v"))) {
            throw new IllegalArgumentException(rule() + " state needs exactly the arrays 'm' and 'v', got " + arrays.keySet());
        }
        float[] newM = arrays.get("m");
        float[] newV = arrays.get("v");
        if (newM.length != newV.length) {
            throw new IllegalArgumentException(rule() + " state: m has " + newM.length + " values, v has " + newV.length);
        }
        m = newM.clone();
        v = newV.clone();
    }
}
