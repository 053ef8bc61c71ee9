package org.fedmed.core.aggregate;

import java.util.List;
import java.util.Map;
import org.fedmed.core.model.ModelWeights;

/** The server stage that turns the contributions into one proposed model (global + aggregated delta). */
public interface Reducer {

    String describe();

    ModelWeights reduce(AggregationRound round, List<Contribution> in);

    /** State carried between rounds (a robust rule's previous aggregate), saved with each checkpoint; names start with {@code robust.}. */
    default Map<String, float[]> saveState() {
        return Map.of();
    }

    default void restoreState(Map<String, float[]> arrays) {
    }
}
