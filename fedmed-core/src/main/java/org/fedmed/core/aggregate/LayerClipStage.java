package org.fedmed.core.aggregate;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.privacy.mechanism.UpdateClipping;

/**
 * Site stage: clip tensor i of the delta to L2 norm at most C_i, each independently; the whole delta
 * is then bounded by (Σ C_i²)^½. Per-layer noise multipliers pair with it ({@link GaussianStage}).
 */
public record LayerClipStage(double[] clipNorms) implements SiteStage {

    public static final String NAME = "layer_clip";

    public LayerClipStage {
        if (clipNorms.length == 0) {
            throw new IllegalArgumentException("per-layer clipping needs at least one clip norm");
        }
        clipNorms = clipNorms.clone();
        for (double c : clipNorms) {
            UpdateClipping.checkClipNorm(c);
        }
    }

    static LayerClipStage of(StageSpec spec) {
        spec.onlyKeys(Set.of());
        int n = spec.params().size();
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = spec.require("c." + i);
        }
        return new LayerClipStage(c);
    }

    /** The L2 bound of a whole clipped delta. */
    public double bound() {
        double s = 0;
        for (double c : clipNorms) {
            s += c * c;
        }
        return Math.sqrt(s);
    }

    @Override
    public StageSpec spec() {
        Map<String, Double> p = new LinkedHashMap<>();
        for (int i = 0; i < clipNorms.length; i++) {
            p.put("c." + i, clipNorms[i]);
        }
        return new StageSpec(NAME, p);
    }

    @Override
    public SiteOutput apply(ModelWeights delta, SiteContext site) {
        if (clipNorms.length != delta.tensorCount()) {
            throw new IllegalArgumentException("per-layer clipping has " + clipNorms.length + " clip norms but the model has "
                    + delta.tensorCount() + " tensors");
        }
        return new SiteOutput(UpdateClipping.clipPerTensor(delta, clipNorms), Map.of());
    }

    @Override
    public double[] clipNorms() {
        return clipNorms.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerClipStage other && Arrays.equals(clipNorms, other.clipNorms);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(clipNorms);
    }
}
