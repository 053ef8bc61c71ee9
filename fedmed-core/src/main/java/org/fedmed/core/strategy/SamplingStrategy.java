package org.fedmed.core.strategy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedmed.core.aggregate.AggregationPipeline;
import org.fedmed.core.aggregate.AggregationRound;
import org.fedmed.core.aggregate.AggregationWeighting;
import org.fedmed.core.aggregate.Contribution;
import org.fedmed.core.aggregate.MeanReducer;
import org.fedmed.core.aggregate.robust.Aggregators;
import org.fedmed.core.aggregate.robust.RobustRule;
import org.fedmed.core.aggregate.robust.SiteScore;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.optimizer.ServerOptimizer;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.round.FitAssignment;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.secure.SecureInputSpec;
import org.fedmed.core.training.TrainingConfig;

/**
 * The FedAvg family: sample sites, apply the round's learning rate, give each (round, site) its own
 * seed; aggregate with {@code mean(weighting)}, or the robust rule of the options' aggregator, and
 * the subclass's server optimizer. Subclasses supply only their name and optimizer (and FedProx its μ).
 */
public abstract class SamplingStrategy implements StatefulStrategy {

    protected final StrategyOptions options;
    private final AggregationPipeline pipeline;
    /** The robust rule in place of the mean, or null. */
    private final RobustRule robust;

    protected SamplingStrategy(StrategyOptions options, ServerOptimizer optimizer) {
        this.options = options;
        this.robust = Aggregators.rule(options.aggregator(), options.seed()).orElse(null);
        this.pipeline = AggregationPipeline.plain(robust != null ? robust : new MeanReducer(options.weighting()), optimizer);
    }

    /**
     * Why this strategy cannot be wrapped in client-level DP (which samples the sites itself and replaces the
     * mean by a uniform mean of clipped deltas), or null when it can.
     */
    public String clientDpConflict() {
        return null;
    }

    /** The robust rule that replaces the weighted mean, or null for the plain mean. */
    public RobustRule robustRule() {
        return robust;
    }

    public StrategyOptions options() {
        return options;
    }

    /** The server optimizer this strategy applies to the aggregate (a DP composition reuses it). */
    public ServerOptimizer optimizer() {
        return pipeline.optimizer();
    }

    @Override
    public List<FitAssignment> configureFit(int round, ModelWeights global, List<String> availableSites) {
        return configureFor(round, options.sampler().select(round, availableSites, options.seed()));
    }

    /** Training settings for the given sites in {@code round} (a DP composition samples them itself). */
    public List<FitAssignment> configureFor(int round, List<String> chosen) {
        TrainingConfig base = roundConfig(options.training().withLearningRate(
                options.schedule().at(round, options.training().learningRate())));
        List<FitAssignment> out = new ArrayList<>(chosen.size());
        for (String site : chosen) {
            out.add(new FitAssignment(site, base.withSeed(Seeds.mix(options.seed(), round, site.hashCode()))));
        }
        return out;
    }

    /** Hook to adjust the round's training settings (FedProx adds μ). */
    protected TrainingConfig roundConfig(TrainingConfig config) {
        return config;
    }

    @Override
    public ModelWeights aggregateFit(int round, ModelWeights global, List<SiteUpdate> updates) {
        return pipeline.aggregate(new AggregationRound(round, global, updates.size()), contributions(updates));
    }

    /** The updates as the aggregation stages see them. */
    public static List<Contribution> contributions(List<SiteUpdate> updates) {
        return updates.stream().map(SiteUpdate::contribution).toList();
    }

    @Override
    public String checkUpdate(int round, SiteUpdate update) {
        return pipeline.violation(update.contribution());
    }

    @Override
    public SecureInputSpec secureInput(int round, int participants, int threshold) {
        // a robust rule runs across the group means of a grouped secure round (Federation.Builder.secureGroups);
        // the study refuses a robust rule over one secure sum, where it would see only copies of the mean
        if (options().weighting() != AggregationWeighting.SAMPLE_COUNT) {
            throw new IllegalArgumentException("secure aggregation sums sample-weighted updates; weighting '"
                    + options().weighting().id() + "' needs each site's score in the clear (use weighting: samples)");
        }
        return SecureInputSpec.WEIGHTED;
    }

    @Override
    public String aggregation() {
        return pipeline.describe();
    }

    @Override
    public Map<String, SiteScore> lastScores() {
        return robust != null ? robust.lastScores() : Map.of();
    }

    @Override
    public int minimumSites() {
        // a round with fewer updates than the rule tolerates leaves the model unchanged rather than aggregate unguarded
        return Math.max(options.sampler().minSites(), robust != null ? robust.minimumSites() : 1);
    }

    @Override
    public StrategyState saveState() {
        return new StrategyState(name(), pipeline.saveState());
    }

    @Override
    public void restoreState(StrategyState state) {
        if (!name().equals(state.strategy())) {
            throw new IllegalArgumentException("cannot restore the state of " + state.strategy() + " into " + name());
        }
        Map<String, float[]> arrays = new LinkedHashMap<>();
        state.names().forEach(n -> arrays.put(n, state.array(n)));
        pipeline.restoreState(arrays);
    }
}
