package org.fedmed.core.aggregate;

import org.fedmed.core.model.ModelWeights;

/**
 * A step a site runs on its own model delta after local training and before anything leaves it
 * (clip, add a noise share; later quantize, mask, encrypt). Stages travel in the fit task as a
 * {@link StageSpec}, so a deployed node runs them itself and can refuse ones weaker than its policy.
 */
public interface SiteStage {

    /** The wire form of this stage. */
    StageSpec spec();

    /** The stage applied to {@code delta} (a new object; the input is untouched). */
    SiteOutput apply(ModelWeights delta, SiteContext site);
}
