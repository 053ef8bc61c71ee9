package org.fedmed.bench.flamby;

import java.util.List;
import java.util.Map;
import org.fedmed.bench.flamby.FlambyReport.Figure;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.data.flamby.FlambyData;
import org.fedmed.learn.DjlTrainer;

/**
 * What one FLamby benchmark fixes: its data, model, metric, FLamby's training settings and published
 * figures. {@link FlambyBenchmark} runs any of them the same way.
 */
public interface FlambyTask {

    /** The name on the command line, e.g. {@code heart}. */
    String name();

    /** FLamby's name, e.g. {@code Fed-Heart-Disease}. */
    String title();

    /** The metric's name, e.g. {@code accuracy}. */
    String metric();

    FlambyData load();

    ModelSpec model();

    /** FLamby's batch size, for local and pooled training. */
    int batch();

    /** FLamby's rounds, local steps per round and pooled epochs. */
    int rounds();

    int localSteps();

    int pooledEpochs();

    /** FLamby's tuned settings per strategy. */
    List<FlambyArm> arms();

    /**
     * Settings tuned for FedMed the way FLamby tuned its own (a grid over the learning rates, judged on
     * the benchmark's test sets), for {@code --rates fedmed}; empty where none were tuned.
     */
    default List<FlambyArm> fedmedTuned() {
        return List.of();
    }

    /** FLamby's pooled training: optimizer and learning rate for {@code epochs} epochs. */
    TrainingConfig pooled(int epochs, long seed);

    /** {@link #pooled} in words. */
    String pooledSetting(int epochs);

    /** FLamby's model at initialisation, laid out as FedMed's {@code layout}; {@code seed} draws it. */
    ModelWeights flambyInitial(ModelWeights layout, long seed);

    /** The metric of {@code weights} on one test set. */
    double score(DjlTrainer trainer, ModelWeights weights, LabeledSamples test);

    /** FLamby's published figures: pooled training and each strategy (FedMed's names), in table order. */
    Map<String, Figure> published();

    /** Where {@link #published()} comes from. */
    String source();
}
