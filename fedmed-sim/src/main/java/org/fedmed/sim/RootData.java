package org.fedmed.sim;

import java.util.Arrays;
import org.fedmed.core.aggregate.robust.ServerReference;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.random.Shuffle;
import org.fedmed.core.strategy.StrategyOptions;
import org.fedmed.core.training.Evaluations;
import org.fedmed.core.training.LocalTrainer;
import org.fedmed.core.training.TrainingConfig;

/**
 * The coordinator's root dataset in a simulation: {@code n} examples drawn (seeded) from the sites'
 * clean training data before any attack poisons it, as Cao et al. sample theirs; a deployment's
 * coordinator would curate its own. Its update is one round of the study's local training from the
 * global model, with the round's learning rate.
 */
final class RootData implements ServerReference {

    private static final long ROOT_STREAM = 0x726f6f74L;

    private final LocalTrainer trainer;
    private final LabeledSamples examples;
    private final StrategyOptions options;
    private final String origin;

    private RootData(LocalTrainer trainer, LabeledSamples examples, StrategyOptions options, String origin) {
        this.trainer = trainer;
        this.examples = examples;
        this.options = options;
        this.origin = origin;
    }

    /** {@code n} examples of {@code pool} (all of it when it holds fewer), drawn with the study's seed. */
    static RootData draw(LocalTrainer trainer, LabeledSamples pool, int n, StrategyOptions options) {
        int[] order = Shuffle.permutation(pool.size(), Seeds.stream(options.seed(), ROOT_STREAM));
        int[] pick = Arrays.copyOf(order, Math.min(n, pool.size()));
        Arrays.sort(pick);
        return new RootData(trainer, pool.subset(pick), options, "drawn from the sites' clean training data");
    }

    @Override
    public float[] delta(int round, ModelWeights global) {
        TrainingConfig config = options.training()
                .withLearningRate(options.schedule().at(round, options.training().learningRate()))
                .withSeed(Seeds.mix(options.seed(), ROOT_STREAM, round));
        float[] trained = trainer.fit(global, examples, config).weights().values();
        float[] g = global.values();
        float[] out = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            out[i] = trained[i] - g[i];
        }
        return out;
    }

    @Override
    public double loss(ModelWeights weights) {
        return Evaluations.evaluate(trainer, weights, examples).loss();
    }

    @Override
    public String describe() {
        return "root data: " + examples.size() + " examples " + origin;
    }
}
