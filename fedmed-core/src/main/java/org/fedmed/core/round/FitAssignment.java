package org.fedmed.core.round;

import org.fedmed.core.aggregate.SitePlan;
import org.fedmed.core.training.TrainingConfig;

/** One site chosen to train this round, with the settings it trains with and the site stages it runs after. */
public record FitAssignment(String siteId, TrainingConfig config, SitePlan sitePlan) {

    /** No site stages: the site sends its trained model. */
    public FitAssignment(String siteId, TrainingConfig config) {
        this(siteId, config, SitePlan.none());
    }

    public FitAssignment withSitePlan(SitePlan plan) {
        return new FitAssignment(siteId, config, plan);
    }
}
