package org.fedmed.core.strategy;

import java.util.Objects;
import org.fedmed.core.aggregate.AggregationWeighting;
import org.fedmed.core.aggregate.robust.Aggregators;
import org.fedmed.core.training.TrainingConfig;

/**
 * What every strategy needs besides its own rule: how sites are sampled, how they train, how the
 * learning rate moves over rounds, how updates are weighted, the run seed, and the aggregator.
 *
 * @param aggregator {@code mean} (the weighted mean) or a robust rule, e.g. {@code krum:f=2} (see {@link Aggregators})
 */
public record StrategyOptions(SiteSampler sampler, TrainingConfig training, LearningRateSchedule schedule,
                              AggregationWeighting weighting, long seed, String aggregator) {

    public StrategyOptions {
        Objects.requireNonNull(sampler, "sampler");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(weighting, "weighting");
        Objects.requireNonNull(aggregator, "aggregator");
        Aggregators.check(aggregator);
    }

    /** With the weighted mean as the aggregator. */
    public StrategyOptions(SiteSampler sampler, TrainingConfig training, LearningRateSchedule schedule,
                           AggregationWeighting weighting, long seed) {
        this(sampler, training, schedule, weighting, seed, Aggregators.MEAN);
    }

    public static StrategyOptions defaults() {
        return new StrategyOptions(SiteSampler.all(), TrainingConfig.defaults(), new LearningRateSchedule.Constant(),
                AggregationWeighting.SAMPLE_COUNT, 0L);
    }

    public StrategyOptions withTraining(TrainingConfig t) {
        return new StrategyOptions(sampler, t, schedule, weighting, seed, aggregator);
    }

    public StrategyOptions withWeighting(AggregationWeighting w) {
        return new StrategyOptions(sampler, training, schedule, w, seed, aggregator);
    }

    public StrategyOptions withSampler(SiteSampler s) {
        return new StrategyOptions(s, training, schedule, weighting, seed, aggregator);
    }

    public StrategyOptions withAggregator(String a) {
        return new StrategyOptions(sampler, training, schedule, weighting, seed, a);
    }
}
