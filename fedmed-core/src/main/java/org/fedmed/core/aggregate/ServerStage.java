package org.fedmed.core.aggregate;

import java.util.List;
import java.util.Map;
import org.fedmed.core.model.ModelWeights;

/**
 * A server stage after the reducer: it may change the proposed model (central noise) or learn from
 * the round (adaptive clip estimation). Its state is saved with each checkpoint.
 */
public interface ServerStage {

    String describe();

    ModelWeights apply(AggregationRound round, List<Contribution> in, ModelWeights proposed);

    default Map<String, float[]> saveState() {
        return Map.of();
    }

    default void restoreState(Map<String, float[]> arrays) {
    }
}
