package org.fedmed.core.contribution;

import org.fedmed.core.model.ModelWeights;

/**
 * A model's score on data held by whoever computes contributions (higher is better), e.g. accuracy on
 * the coordinator's validation set. Implemented where the engine lives, so core never touches it.
 */
@FunctionalInterface
public interface ModelUtility {

    double score(ModelWeights model);
}
