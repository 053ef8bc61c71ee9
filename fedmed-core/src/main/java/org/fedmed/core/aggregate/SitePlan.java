package org.fedmed.core.aggregate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.fedmed.core.model.ModelWeights;

/**
 * The site stages of a round, in order. Empty for plain federated averaging: the site then sends
 * its trained model as it is. Otherwise the site sends the delta {@code trained − global} after the
 * stages, and the coordinator checks what it can (the clip bound) before aggregating.
 */
public record SitePlan(List<SiteStage> stages) {

    /** Relative slack on the clip bound: float rounding of a clipped delta's norm. */
    private static final double BOUND_SLACK = 1e-4;

    public SitePlan {
        stages = List.copyOf(stages);
        boolean clipped = false;
        for (SiteStage s : stages) {
            if (s instanceof ClipStage || s instanceof LayerClipStage) {
                if (clipped) {
                    throw new IllegalArgumentException("site stages: clip twice (" + specs(stages) + ")");
                }
                clipped = true;
            } else if (s instanceof NoiseShareStage && !clipped) {
                throw new IllegalArgumentException("site stages: noise_share needs a clip stage before it: noise without "
                        + "clipping has no bounded sensitivity (" + specs(stages) + ")");
            }
        }
    }

    public static SitePlan none() {
        return new SitePlan(List.of());
    }

    public static SitePlan fromSpecs(List<StageSpec> specs) {
        List<SiteStage> out = new ArrayList<>(specs.size());
        for (StageSpec s : specs) {
            out.add(SiteStages.create(s));
        }
        return new SitePlan(out);
    }

    public boolean isEmpty() {
        return stages.isEmpty();
    }

    public List<StageSpec> specs() {
        return specs(stages);
    }

    private static List<StageSpec> specs(List<SiteStage> stages) {
        return stages.stream().map(SiteStage::spec).toList();
    }

    /** The L2 bound of a delta right after its clip stage, if the plan clips. */
    public OptionalDouble clipBound() {
        for (SiteStage s : stages) {
            if (s instanceof ClipStage c) {
                return OptionalDouble.of(c.clipNorm());
            }
            if (s instanceof LayerClipStage c) {
                return OptionalDouble.of(c.bound());
            }
        }
        return OptionalDouble.empty();
    }

    /** Whether a stage adds noise at the site (then the clip bound cannot be checked on what arrives). */
    public boolean addsNoise() {
        return stages.stream().anyMatch(s -> s instanceof NoiseShareStage);
    }

    /** Whether a stage asks for reproducible noise (research only; a node with a policy refuses it). */
    public boolean seededNoise() {
        return stages.stream().anyMatch(s -> s instanceof NoiseShareStage n && n.seeded());
    }

    /** Runs the stages on {@code trained − global}; the output's delta is what the site sends. */
    public SiteOutput apply(ModelWeights trained, ModelWeights global, SiteContext site) {
        ModelWeights delta = trained.minus(global);
        Map<String, Double> reports = new HashMap<>();
        for (SiteStage s : stages) {
            SiteOutput o = s.apply(delta, site);
            delta = o.delta();
            reports.putAll(o.reports());
        }
        return new SiteOutput(delta, reports);
    }

    /**
     * Checks a delta that arrived against the plan: a site that skipped its clipping is caught here
     * (possible only when no noise was added after the clip). Returns the reason, or null if fine.
     */
    public String violation(ModelWeights delta) {
        OptionalDouble bound = clipBound();
        if (bound.isEmpty() || addsNoise()) {
            return null;
        }
        double norm = delta.l2Norm();
        return norm <= bound.getAsDouble() * (1 + BOUND_SLACK) ? null
                : "delta norm " + norm + " exceeds the clip bound " + bound.getAsDouble() + " of its site stages";
    }

    /** e.g. {@code clip(c=1.0)}; empty for none. */
    public String describe() {
        return String.join(" → ", specs().stream().map(StageSpec::toString).toList());
    }
}
