package org.fedmed.core.aggregate;

import java.util.Map;
import java.util.Set;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.privacy.mechanism.UpdateClipping;

/**
 * Site stage: scale the delta to L2 norm at most C (DP-FedAvg's sensitivity bound). It also reports
 * {@link #BELOW} = 1 when the unclipped norm was at most C, else 0: the bit adaptive clipping
 * (Andrew et al. 2021) counts, under noise, at the server ({@link AdaptiveClipStage}).
 */
public record ClipStage(double clipNorm) implements SiteStage {

    public static final String NAME = "clip";
    /** Report key: 1 if the site's delta was within the clip norm before clipping. */
    public static final String BELOW = "clip.below";

    public ClipStage {
        UpdateClipping.checkClipNorm(clipNorm);
    }

    static ClipStage of(StageSpec spec) {
        return new ClipStage(spec.onlyKeys(Set.of("c")).require("c"));
    }

    @Override
    public StageSpec spec() {
        return new StageSpec(NAME, Map.of("c", clipNorm));
    }

    @Override
    public SiteOutput apply(ModelWeights delta, SiteContext site) {
        boolean below = delta.l2Norm() <= clipNorm;
        return new SiteOutput(UpdateClipping.clip(delta, clipNorm), Map.of(BELOW, below ? 1.0 : 0.0));
    }
}
