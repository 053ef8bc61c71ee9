package org.fedmed.core.round;

import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.TrainingConfig;

/** What the coordinator sends a site for one round of training. */
public record FitInstructions(int round, ModelWeights globalWeights, TrainingConfig config) {
}
