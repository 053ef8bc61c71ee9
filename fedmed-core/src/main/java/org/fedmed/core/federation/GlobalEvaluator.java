package org.fedmed.core.federation;

import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.model.ModelWeights;

/** Coordinator-side evaluation of the global model on a held-out test set the coordinator may use. */
@FunctionalInterface
public interface GlobalEvaluator {
    EvaluationResult evaluate(ModelWeights weights);
}
