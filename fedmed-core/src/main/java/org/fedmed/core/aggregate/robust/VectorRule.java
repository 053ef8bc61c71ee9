package org.fedmed.core.aggregate.robust;

import java.util.List;
import org.fedmed.core.aggregate.AggregationRound;
import org.fedmed.core.aggregate.Contribution;
import org.fedmed.core.model.ModelWeights;

/** A robust rule that is a function of the round's deltas alone: global + combine(deltas). */
public interface VectorRule extends RobustRule {

    /** The aggregated delta of {@code deltas} (one row per update, all the same length, never empty). */
    float[] combine(float[][] deltas);

    @Override
    default ModelWeights reduce(AggregationRound round, List<Contribution> in) {
        ModelWeights global = round.global();
        return Vectors.apply(global, combine(Vectors.deltas(global, in)));
    }
}
