package org.fedmed.core.strategy;

import java.util.ArrayList;
import java.util.List;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.round.FitAssignment;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.TrainingConfig;

/**
 * The configure side shared by the FedAvg family: sample sites, apply the round's learning rate,
 * give each (round, site) its own seed. Subclasses supply only their aggregation rule.
 */
public abstract class SamplingStrategy implements Strategy {

    protected final StrategyOptions options;

    protected SamplingStrategy(StrategyOptions options) {
        this.options = options;
    }

    public StrategyOptions options() {
        return options;
    }

    @Override
    public List<FitAssignment> configureFit(int round, ModelWeights global, List<String> availableSites) {
        List<String> chosen = options.sampler().select(round, availableSites, options.seed());
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
    public int minimumSites() {
        return options.sampler().minSites();
    }
}
