package org.fedmed.core.optimizer;

import java.util.Map;
import java.util.Set;
import org.fedmed.core.model.ModelWeights;

/**
 * {@code momentum(η, β)}, FedAvgM (Hsu et al. 2019): with Δ = w − proposed, v ← β·v + Δ,
 * w ← w − η·v. With η = 1 and β = 0 it is FedAvg. State: the velocity.
 */
public final class ServerMomentum implements ServerOptimizer {

    static final String VELOCITY = "velocity";

    private final double learningRate;
    private final double momentum;
    private float[] velocity;

    public ServerMomentum(double learningRate, double momentum) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate) || !(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("server momentum needs server_lr > 0 and server_momentum in [0, 1), got "
                    + learningRate + " and " + momentum);
        }
        this.learningRate = learningRate;
        this.momentum = momentum;
    }

    @Override
    public String describe() {
        return "momentum(η=" + learningRate + ", β=" + momentum + ")";
    }

    @Override
    public ModelWeights step(ModelWeights global, ModelWeights proposed) {
        float[] mean = proposed.values();
        float[] w = global.values();
        if (velocity == null || velocity.length != w.length) {
            velocity = new float[w.length];
        }
        float beta = (float) momentum;
        float eta = (float) learningRate;
        float[] out = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            velocity[i] = beta * velocity[i] + (w[i] - mean[i]);
            out[i] = w[i] - eta * velocity[i];
        }
        return global.withValues(out);
    }

    @Override
    public Map<String, float[]> saveState() {
        return velocity == null ? Map.of() : Map.of(VELOCITY, velocity.clone());
    }

    @Override
    public void restoreState(Map<String, float[]> arrays) {
        if (arrays.isEmpty()) {
            velocity = null;
            return;
        }
        if (!arrays.keySet().equals(Set.of(VELOCITY))) {
            throw new IllegalArgumentException("momentum state needs exactly the array 'velocity', got " + arrays.keySet());
        }
        velocity = arrays.get(VELOCITY).clone();
    }
}
