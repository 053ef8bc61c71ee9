package org.fedmed.core.strategy;

import java.util.List;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.model.ModelWeights;

/**
 * FedAvg with server momentum (Hsu et al. 2019). With the pseudo-gradient Δ = w − mean(updates):
 * v ← β·v + Δ, w ← w − η·v. With η = 1 and β = 0 it is FedAvg. The velocity v is the server state
 * ({@link #saveState()}: one array {@code velocity}).
 */
public final class FedAvgM extends SamplingStrategy implements StatefulStrategy {

    private final double serverLearningRate;
    private final double momentum;
    private float[] velocity;

    public FedAvgM(StrategyOptions options, double serverLearningRate, double momentum) {
        super(options);
        if (!(serverLearningRate > 0) || !(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("FedAvgM needs server learning rate > 0 and momentum in [0, 1)");
        }
        this.serverLearningRate = serverLearningRate;
        this.momentum = momentum;
    }

    @Override
    public String name() {
        return "fedavgm";
    }

    @Override
    public ModelWeights aggregateFit(int round, ModelWeights global, List<SiteUpdate> updates) {
        float[] mean = WeightedMean.of(updates, options.weighting()).values();
        float[] w = global.values();
        if (velocity == null || velocity.length != w.length) {
            velocity = new float[w.length];
        }
        float beta = (float) momentum;
        float eta = (float) serverLearningRate;
        float[] out = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            velocity[i] = beta * velocity[i] + (w[i] - mean[i]);
            out[i] = w[i] - eta * velocity[i];
        }
        return global.withValues(out);
    }

    @Override
    public StrategyState saveState() {
        return velocity == null ? StrategyState.empty(name()) : new StrategyState(name(), java.util.Map.of("velocity", velocity));
    }

    @Override
    public void restoreState(StrategyState state) {
        if (!name().equals(state.strategy())) {
            throw new IllegalArgumentException("cannot restore the state of " + state.strategy() + " into " + name());
        }
        if (state.isEmpty()) {
            velocity = null;
            return;
        }
        if (!state.names().equals(java.util.Set.of("velocity"))) {
            throw new IllegalArgumentException(name() + " state needs exactly the array 'velocity', got " + state.names());
        }
        velocity = state.array("velocity");
    }
}
