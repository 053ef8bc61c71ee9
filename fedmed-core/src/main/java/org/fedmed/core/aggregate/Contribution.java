package org.fedmed.core.aggregate;

import java.util.Map;
import org.fedmed.core.model.ModelWeights;

/**
 * One site's part of a round as the server stages see it: either its trained model (no site
 * stages) or the delta its site stages produced.
 */
public record Contribution(String siteId, int round, ModelWeights values, boolean isDelta, long numSamples,
                           Map<String, Double> reports) {

    public Contribution {
        reports = Map.copyOf(reports);
    }

    /** The delta from {@code global} (computed for a model contribution). */
    public ModelWeights delta(ModelWeights global) {
        return isDelta ? values : values.minus(global);
    }
}
