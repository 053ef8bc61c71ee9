package org.fedmed.core.optimizer;

import java.util.Map;
import org.fedmed.core.model.ModelWeights;

/**
 * The last step of a round's aggregation: from the global model w and the aggregated proposal
 * (w + aggregated delta) to the next global model. The pseudo-gradient is {@code proposed − w}
 * (Reddi et al. 2021). Plain FedAvg is SGD with η = 1; FedAvgM, FedAdam, FedYogi and FedAdagrad
 * are the others, so every protection before it composes with every optimizer.
 */
public interface ServerOptimizer {

    /** e.g. {@code adam(η=0.1, β1=0.9, β2=0.99, τ=0.001)}. */
    String describe();

    ModelWeights step(ModelWeights global, ModelWeights proposed);

    /** Named arrays of the optimizer's state (empty before the first step or for a stateless one). */
    default Map<String, float[]> saveState() {
        return Map.of();
    }

    /** Restores {@link #saveState()}; refuses unexpected arrays. */
    default void restoreState(Map<String, float[]> arrays) {
        if (!arrays.isEmpty()) {
            throw new IllegalArgumentException(describe() + " keeps no state, got " + arrays.keySet());
        }
    }
}
