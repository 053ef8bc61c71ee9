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
 * coordinator would curate its own. Its update is the study's local training from the global model
 * with the round's learning rate, for as many local steps as a site of average size takes (Cao et
 * al. give the server the clients' number of local iterations): with 100 examples and batch 64, one
 * epoch would be 2 steps against a site's 7, and FLTrust, which rescales every update to the root
 * update's norm, would shrink the honest updates with it.
 */
final class RootData implements ServerReference {

    private static final long ROOT_STREAM = 0x726f6f74L;

    private final LocalTrainer trainer;
    private final LabeledSamples examples;
    private final StrategyOptions options;
    private final String origin;
    private final int epochs;

    private RootData(LocalTrainer trainer, LabeledSamples examples, StrategyOptions options, String origin, int epochs) {
        this.trainer = trainer;
        this.examples = examples;
        this.options = options;
        this.origin = origin;
        this.epochs = epochs;
    }

    /**
     * {@code n} examples of {@code pool} (all of it when it holds fewer), drawn with the study's seed.
     *
     * @param siteExamples the mean number of training examples per site, whose local steps the root update matches
     */
    static RootData draw(LocalTrainer trainer, LabeledSamples pool, int n, StrategyOptions options, double siteExamples) {
        int[] order = Shuffle.permutation(pool.size(), Seeds.stream(options.seed(), ROOT_STREAM));
        int[] pick = Arrays.copyOf(order, Math.min(n, pool.size()));
        Arrays.sort(pick);
        int batch = options.training().batchSize();
        double siteSteps = Math.ceil(siteExamples / batch);
        double rootSteps = Math.ceil(pick.length / (double) batch);
        int epochs = options.training().localEpochs() * (int) Math.max(1, Math.round(siteSteps / rootSteps));
        return new RootData(trainer, pool.subset(pick), options, "drawn from the sites' clean training data", epochs);
    }

    @Override
    public float[] delta(int round, ModelWeights global) {
        TrainingConfig config = options.training()
                .withLearningRate(options.schedule().at(round, options.training().learningRate()))
                .withLocalEpochs(epochs)
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
        return "root data: " + examples.size() + " examples " + origin + ", " + epochs + " local epochs per round";
    }
}
