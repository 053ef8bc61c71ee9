package org.fedmed.core.aggregate;

import java.util.Map;
import org.fedmed.core.model.ModelWeights;

/** A site stage's result: the (encoded) delta and the scalars the stage reports with it. */
public record SiteOutput(ModelWeights delta, Map<String, Double> reports) {

    public SiteOutput {
        reports = Map.copyOf(reports);
    }
}
