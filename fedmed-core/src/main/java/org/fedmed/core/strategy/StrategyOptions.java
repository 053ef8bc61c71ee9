package org.fedmed.core.strategy;

import java.util.Objects;
import org.fedmed.core.aggregate.AggregationWeighting;
import org.fedmed.core.training.TrainingConfig;

/**
 * What every strategy needs besides its own rule: how sites are sampled, how they train, how the
 * learning rate moves over rounds, how updates are weighted, and the run seed.
 */
public record StrategyOptions(SiteSampler sampler, TrainingConfig training, LearningRateSchedule schedule,
                              AggregationWeighting weighting, long seed) {

    public StrategyOptions {
        Objects.requireNonNull(sampler, "sampler");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(weighting, "weighting");
    }

    public static StrategyOptions defaults() {
        return new StrategyOptions(SiteSampler.all(), TrainingConfig.defaults(), new LearningRateSchedule.Constant(),
                AggregationWeighting.SAMPLE_COUNT, 0L);
    }

    public StrategyOptions withTraining(TrainingConfig t) {
        return new StrategyOptions(sampler, t, schedule, weighting, seed);
    }

    public StrategyOptions withWeighting(AggregationWeighting w) {
        return new StrategyOptions(sampler, training, schedule, w, seed);
    }

    public StrategyOptions withSampler(SiteSampler s) {
        return new StrategyOptions(s, training, schedule, weighting, seed);
    }
}
