package org.fedmed.core.aggregate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.optimizer.ServerOptimizer;

/**
 * A round's aggregation as a declared composition, in the spirit of TensorFlow Federated's
 * aggregator factories: site stages (run by each site on its delta), a reducer, server stages, and
 * a server optimizer, e.g. {@code clip(c=1.0) → mean(uniform, fixed denominator) → gaussian(σ=1.1)
 * → adam(η=0.01, …)}. The composition is checked once, when it is built: noise needs clipping
 * before it and a fixed-denominator uniform mean; adaptive clip estimation needs a clip stage.
 *
 * <p>The site plan may change between rounds (adaptive clipping moves its norm): {@link #planFor}
 * is asked each round and the plan travels to the sites in their fit assignments.
 */
public final class AggregationPipeline {

    /** Where the site plan of each round comes from. */
    public interface PlanSource {
        SitePlan current();
    }

    private final PlanSource plans;
    private final Reducer reducer;
    private final List<ServerStage> stages;
    private final ServerOptimizer optimizer;

    public AggregationPipeline(PlanSource plans, Reducer reducer, List<ServerStage> stages, ServerOptimizer optimizer) {
        this.plans = Objects.requireNonNull(plans, "plans");
        this.reducer = Objects.requireNonNull(reducer, "reducer");
        this.stages = List.copyOf(stages);
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        validate(plans.current());
    }

    /** No site stages: {@code mean(weighting) → optimizer}, the FedAvg family. */
    public static AggregationPipeline plain(Reducer reducer, ServerOptimizer optimizer) {
        SitePlan none = SitePlan.none();
        return new AggregationPipeline(() -> none, reducer, List.of(), optimizer);
    }

    private void validate(SitePlan plan) {
        boolean clipped = plan.clipBound().isPresent();
        for (ServerStage s : stages) {
            if (s instanceof GaussianStage && !clipped) {
                throw new IllegalArgumentException("aggregation " + describe() + ": " + s.describe()
                        + " needs a clip stage at the sites (noise without clipping bounds nothing)");
            }
            if (s instanceof GaussianStage && !(reducer instanceof UniformMeanReducer)) {
                throw new IllegalArgumentException("aggregation " + describe() + ": " + s.describe() + " needs " +
                        "mean(uniform, fixed denominator): with " + reducer.describe() + " one site's influence depends on its weight");
            }
            if (s instanceof AdaptiveClipStage && plan.stages().stream().noneMatch(x -> x instanceof ClipStage)) {
                throw new IllegalArgumentException("aggregation " + describe() + ": " + s.describe() + " needs a clip stage");
            }
        }
    }

    /** The site stages the sites run this round. */
    public SitePlan planFor() {
        return plans.current();
    }

    public ServerOptimizer optimizer() {
        return optimizer;
    }

    /**
     * Why an update that arrived does not match the round's site plan (a site that skipped its
     * stages, or sent a model where a delta was due), or null when it matches.
     */
    public String violation(Contribution update) {
        SitePlan plan = plans.current();
        if (plan.isEmpty()) {
            return update.isDelta() ? "sent a delta but the round has no site stages" : null;
        }
        if (!update.isDelta()) {
            return "sent its model, but the round's site stages (" + plan.describe() + ") were due";
        }
        return plan.violation(update.values());
    }

    /** The next global model from the round's (validated) updates. */
    public ModelWeights aggregate(AggregationRound round, List<Contribution> in) {
        ModelWeights proposed = reducer.reduce(round, in);
        for (ServerStage s : stages) {
            proposed = s.apply(round, in, proposed);
        }
        return optimizer.step(round.global(), proposed);
    }

    /** e.g. {@code clip(c=1.0) → mean(uniform, fixed denominator) → gaussian(σ=1.1) → sgd(η=1.0)}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        String site = plans.current().describe();
        if (!site.isEmpty()) {
            parts.add(site);
        }
        parts.add(reducer.describe());
        stages.forEach(s -> parts.add(s.describe()));
        parts.add(optimizer.describe());
        return String.join(" → ", parts);
    }

    /** The reducer's, stages' and optimizer's state: reducer arrays are named {@code robust.*}, stage arrays {@code dp.*}, the optimizer's neither. */
    public Map<String, float[]> saveState() {
        Map<String, float[]> out = new LinkedHashMap<>(reducer.saveState());
        stages.forEach(s -> out.putAll(s.saveState()));
        out.putAll(optimizer.saveState());
        return out;
    }

    public void restoreState(Map<String, float[]> arrays) {
        Map<String, float[]> mine = new LinkedHashMap<>();
        Map<String, float[]> reducerState = new LinkedHashMap<>();
        Map<String, float[]> opt = new LinkedHashMap<>();
        arrays.forEach((k, v) -> (k.startsWith("dp.") ? mine : k.startsWith("robust.") ? reducerState : opt).put(k, v));
        reducer.restoreState(reducerState);
        stages.forEach(s -> s.restoreState(mine));
        optimizer.restoreState(opt);
    }
}
