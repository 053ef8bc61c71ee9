package org.fedmed.core.aggregate;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.privacy.accounting.Checks;

/**
 * Site stage for distributed DP: add this site's share of the Gaussian noise, N(0, std_t²) on each
 * coordinate of tensor t, with std_t = σ_t·C_t/√m, so that the sum over m sites carries the noise
 * the coordinator would otherwise add. Only the sum is protected by the full σ: meant to run under
 * secure aggregation. The noise comes from the site's own source ({@link SiteContext#noise()}); a
 * {@code seeded} share (simulation research runs only: reproducible, so NOT private) asks the site to
 * draw it from its round seed, which a node with a privacy policy refuses.
 */
public record NoiseShareStage(double[] tensorStd, boolean seeded) implements SiteStage {

    public static final String NAME = "noise_share";
    /** Spec key present (= 1) for a seeded, reproducible share: research only. */
    public static final String SEEDED = "seeded";

    public NoiseShareStage {
        tensorStd = tensorStd.clone();
        for (double s : tensorStd) {
            if (!(s >= 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException("noise share std must be finite and >= 0, got " + s);
            }
        }
    }

    /** The share each of m sites adds for per-tensor noise multipliers σ_t and clip norms C_t. */
    public static NoiseShareStage forParticipants(double[] sigmas, double[] clipNorms, double participants, boolean seeded) {
        double[] std = new double[sigmas.length];
        for (int t = 0; t < std.length; t++) {
            std[t] = Checks.noiseMultiplier(sigmas[t]) * clipNorms[t] / Math.sqrt(participants);
        }
        return new NoiseShareStage(std, seeded);
    }

    static NoiseShareStage of(StageSpec spec) {
        spec.onlyKeys(Set.of(SEEDED));
        boolean seeded = spec.params().getOrDefault(SEEDED, 0.0) != 0.0;
        double[] std = new double[spec.params().size() - (spec.params().containsKey(SEEDED) ? 1 : 0)];
        for (int t = 0; t < std.length; t++) {
            std[t] = spec.require("std." + t);
        }
        return new NoiseShareStage(std, seeded);
    }

    @Override
    public StageSpec spec() {
        Map<String, Double> p = new LinkedHashMap<>();
        for (int t = 0; t < tensorStd.length; t++) {
            p.put("std." + t, tensorStd[t]);
        }
        if (seeded) {
            p.put(SEEDED, 1.0);
        }
        return new StageSpec(NAME, p);
    }

    @Override
    public SiteOutput apply(ModelWeights delta, SiteContext site) {
        if (tensorStd.length != delta.tensorCount()) {
            throw new IllegalArgumentException("noise share has " + tensorStd.length + " tensors, the model " + delta.tensorCount());
        }
        float[] out = delta.values().clone();
        for (int t = 0; t < tensorStd.length; t++) {
            int from = delta.offset(t);
            site.noise().addTo(out, from, from + delta.specs().get(t).numel(), tensorStd[t]);
        }
        return new SiteOutput(delta.withValues(out), Map.of());
    }

    @Override
    public double[] tensorStd() {
        return tensorStd.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoiseShareStage other && seeded == other.seeded && Arrays.equals(tensorStd, other.tensorStd);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(tensorStd) * 31 + Boolean.hashCode(seeded);
    }
}
