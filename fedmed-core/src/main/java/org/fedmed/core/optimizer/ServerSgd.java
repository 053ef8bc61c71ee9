package org.fedmed.core.optimizer;

import org.fedmed.core.model.ModelWeights;

/** {@code sgd(η)}: w ← w + η·(proposed − w). With η = 1 the proposal itself (FedAvg). */
public record ServerSgd(double learningRate) implements ServerOptimizer {

    public ServerSgd {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("server learning rate must be a finite number > 0, got " + learningRate);
        }
    }

    @Override
    public String describe() {
        return "sgd(η=" + learningRate + ")";
    }

    @Override
    public ModelWeights step(ModelWeights global, ModelWeights proposed) {
        if (learningRate == 1.0) {
            return proposed; // w + 1·(p − w) is p; returning it keeps FedAvg bit-exact
        }
        float[] w = global.values();
        float[] p = proposed.values();
        float eta = (float) learningRate;
        float[] out = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i] + eta * (p[i] - w[i]);
        }
        return global.withValues(out);
    }
}
