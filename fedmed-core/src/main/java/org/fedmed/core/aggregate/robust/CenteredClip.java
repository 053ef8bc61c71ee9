package org.fedmed.core.aggregate.robust;

import java.util.Locale;
import java.util.Map;

/**
 * {@code centered_clip(τ, iters)} (Karimireddy et al. 2021, "Learning from history for Byzantine
 * robust optimization"): v ← v + (1/n) Σ_k clip(x_k − v, τ), {@code iters} times, where clip scales
 * a vector to norm at most τ. Each update moves v by at most τ/n per step, however large it is, so f
 * poisoned updates move it by at most f·τ/n. The paper starts from the previous round's aggregate
 * (the honest updates change slowly between rounds); this one does too, and from zero in round 1 or
 * after a change of model size. The previous aggregate is saved with each checkpoint.
 */
public final class CenteredClip implements VectorRule {

    static final String STATE = "robust.centered_clip.previous";

    private final double tau;
    private final int iterations;
    private float[] previous;

    public CenteredClip(double tau, int iterations) {
        if (!(tau > 0) || !Double.isFinite(tau)) {
            throw new IllegalArgumentException("aggregator centered_clip needs a clipping radius tau > 0, got " + tau);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("aggregator centered_clip needs iters ≥ 1, got " + iterations);
        }
        this.tau = tau;
        this.iterations = iterations;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "centered_clip(τ=%s, iters=%d)", tau, iterations);
    }

    @Override
    public float[] combine(float[][] deltas) {
        int d = deltas[0].length;
        double[] v = new double[d];
        if (previous != null && previous.length == d) {
            for (int i = 0; i < d; i++) {
                v[i] = previous[i];
            }
        }
        int n = deltas.length;
        for (int it = 0; it < iterations; it++) {
            double[] step = new double[d];
            for (float[] x : deltas) {
                double norm = 0;
                for (int i = 0; i < d; i++) {
                    double z = x[i] - v[i];
                    norm += z * z;
                }
                double scale = Math.min(1, tau / Math.max(Math.sqrt(norm), Double.MIN_NORMAL));
                for (int i = 0; i < d; i++) {
                    step[i] += scale * (x[i] - v[i]);
                }
            }
            for (int i = 0; i < d; i++) {
                v[i] += step[i] / n;
            }
        }
        float[] out = new float[d];
        for (int i = 0; i < d; i++) {
            out[i] = (float) v[i];
        }
        previous = out.clone();
        return out;
    }

    @Override
    public Map<String, float[]> saveState() {
        return previous == null ? Map.of() : Map.of(STATE, previous.clone());
    }

    @Override
    public void restoreState(Map<String, float[]> arrays) {
        float[] p = arrays.get(STATE);
        previous = p == null ? null : p.clone();
    }
}
