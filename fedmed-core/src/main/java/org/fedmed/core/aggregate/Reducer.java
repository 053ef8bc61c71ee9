package org.fedmed.core.aggregate;

import java.util.List;
import org.fedmed.core.model.ModelWeights;

/** The server stage that turns the contributions into one proposed model (global + aggregated delta). */
public interface Reducer {

    String describe();

    ModelWeights reduce(AggregationRound round, List<Contribution> in);
}
