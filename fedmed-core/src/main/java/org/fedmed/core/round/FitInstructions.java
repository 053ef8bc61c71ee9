package org.fedmed.core.round;

import org.fedmed.core.aggregate.SitePlan;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.TrainingConfig;

/** What the coordinator sends a site for one round of training, and the site stages it runs after. */
public record FitInstructions(int round, ModelWeights globalWeights, TrainingConfig config, SitePlan sitePlan) {

    public FitInstructions(int round, ModelWeights globalWeights, TrainingConfig config) {
        this(round, globalWeights, config, SitePlan.none());
    }
}
