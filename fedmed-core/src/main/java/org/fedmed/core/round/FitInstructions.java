package org.fedmed.core.round;

import org.fedmed.core.aggregate.SitePlan;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.TrainingConfig;

/**
 * What the coordinator sends a site for one round of training, and the site stages it runs after.
 *
 * @param secure  whether the round's updates are summed securely: the site keeps its update and only
 *                answers the secure-aggregation steps that follow ({@link SiteClient#secureStep})
 * @param control SCAFFOLD's server control variate c, or null (see {@link ControlVariate})
 */
public record FitInstructions(int round, ModelWeights globalWeights, TrainingConfig config, SitePlan sitePlan,
                              boolean secure, ModelWeights control) {

    public FitInstructions(int round, ModelWeights globalWeights, TrainingConfig config, SitePlan sitePlan, boolean secure) {
        this(round, globalWeights, config, sitePlan, secure, null);
    }

    public FitInstructions(int round, ModelWeights globalWeights, TrainingConfig config, SitePlan sitePlan) {
        this(round, globalWeights, config, sitePlan, false, null);
    }

    public FitInstructions(int round, ModelWeights globalWeights, TrainingConfig config) {
        this(round, globalWeights, config, SitePlan.none(), false, null);
    }

    /** The same round with other training settings (a node's own privacy policy applies them). */
    public FitInstructions withConfig(TrainingConfig other) {
        return new FitInstructions(round, globalWeights, other, sitePlan, secure, control);
    }
}
