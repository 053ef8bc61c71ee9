package org.fedmed.core.round;

import org.fedmed.core.aggregate.SitePlan;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.TrainingConfig;

/**
 * One site chosen to train this round, with the settings it trains with and the site stages it runs after.
 *
 * @param control SCAFFOLD's server control variate c, sent so the site can correct its gradients; null
 *                for every other strategy
 */
public record FitAssignment(String siteId, TrainingConfig config, SitePlan sitePlan, ModelWeights control) {

    public FitAssignment(String siteId, TrainingConfig config, SitePlan sitePlan) {
        this(siteId, config, sitePlan, null);
    }

    /** No site stages: the site sends its trained model. */
    public FitAssignment(String siteId, TrainingConfig config) {
        this(siteId, config, SitePlan.none(), null);
    }

    public FitAssignment withSitePlan(SitePlan plan) {
        return new FitAssignment(siteId, config, plan, control);
    }

    public FitAssignment withControl(ModelWeights c) {
        return new FitAssignment(siteId, config, sitePlan, c);
    }
}
