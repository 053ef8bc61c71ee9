package org.fedmed.core.aggregate;

import org.fedmed.core.model.ModelWeights;

/**
 * A round as the server stages see it.
 *
 * @param expected the fixed denominator for DP means: the number of sites the round expected,
 *                 chosen before any update arrived (the sampled count, or q·N under Poisson sampling)
 */
public record AggregationRound(int round, ModelWeights global, double expected) {
}
