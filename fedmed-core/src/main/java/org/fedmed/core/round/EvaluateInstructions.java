package org.fedmed.core.round;

import org.fedmed.core.model.ModelWeights;

/** What the coordinator sends a site to evaluate a model on the site's held-out data. */
public record EvaluateInstructions(int round, ModelWeights weights) {
}
