package org.fedmed.bench.flamby;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.fedmed.bench.flamby.FlambyReport.Figure;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.training.Evaluations;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.data.DatasetCatalog;
import org.fedmed.data.flamby.FlambyData;
import org.fedmed.data.flamby.FlambyHeart;
import org.fedmed.learn.DjlTrainer;

/**
 * {@code fedmed bench flamby heart}: FLamby's Fed-Heart-Disease benchmark. The data of {@link FlambyHeart}
 * (split seed fixed at 43, as FLamby fixes its split); logistic regression; batch 4; 100 local steps per
 * round; 15 rounds; pooled training with Adam at 1e-3 for 50 epochs; metric: accuracy. Local learning
 * rates and server settings per strategy are FLamby's flamby/config_heart_disease.json (the configuration
 * behind its results_heart_disease.csv).
 */
public final class FlambyHeartTask implements FlambyTask {

    /** FLamby fixes its train/test split; its seeds change the training only. */
    public static final long SPLIT_SEED = 43;

    public static final List<FlambyArm> FLAMBY_TUNED = List.of(
            new FlambyArm("fedavg", 1e-3, Map.of()),
            new FlambyArm("fedprox", 1e-3, Map.of("mu", 0.01)),
            new FlambyArm("scaffold", 1e-3, Map.of("server_lr", 1.0)),
            new FlambyArm("cyclic", 1e-2, Map.of()),
            new FlambyArm("fedadam", 1e-2, FlambyArm.fedOpt(0.01)),
            new FlambyArm("fedyogi", 3.162e-3, FlambyArm.fedOpt(0.01)),
            new FlambyArm("fedadagrad", 3.162e-3, FlambyArm.fedOpt(0.316228)));

    /**
     * FLamby's settings with Cyclic's learning rate tuned for FedMed: on FLamby's half-decade grid (0.0316 to
     * 0.000316), each run with seeds 6-10 and judged by their mean client_mean, the command's seeds (1-5)
     * not used to choose. Cyclic passes the model on (FLamby's does not, see docs/BENCHMARKS.md), so the last
     * hospital's 100 steps at FLamby's 0.01 pull it far towards that hospital. The other strategies keep
     * FLamby's values. Grid and figures: docs/BENCHMARKS.md.
     */
    public static final List<FlambyArm> FEDMED_TUNED = FLAMBY_TUNED.stream()
            .map(a -> a.strategy().equals("cyclic") ? new FlambyArm("cyclic", 3.162e-3, a.params()) : a).toList();

    @Override
    public List<FlambyArm> fedmedTuned() {
        return FEDMED_TUNED;
    }

    @Override
    public String name() {
        return "heart";
    }

    @Override
    public String title() {
        return "Fed-Heart-Disease";
    }

    @Override
    public String metric() {
        return "accuracy";
    }

    @Override
    public FlambyData load() {
        return FlambyHeart.load(DatasetCatalog.defaultDataRoot().resolve("heart_disease_uci"), SPLIT_SEED);
    }

    @Override
    public ModelSpec model() {
        return ModelSpec.of(ModelArchitecture.LOGISTIC_REGRESSION, new int[] {FlambyHeart.FEATURES.size()}, FlambyHeart.CLASSES.size());
    }

    @Override
    public int batch() {
        return 4;
    }

    @Override
    public int rounds() {
        return 15;
    }

    @Override
    public int localSteps() {
        return 100;
    }

    @Override
    public int pooledEpochs() {
        return 50;
    }

    @Override
    public List<FlambyArm> arms() {
        return FLAMBY_TUNED;
    }

    @Override
    public TrainingConfig pooled(int epochs, long seed) {
        return new TrainingConfig(epochs, batch(), 1e-3, OptimizerKind.ADAM, 0, 0, 0, false, seed);
    }

    @Override
    public String pooledSetting(int epochs) {
        return "Adam lr 0.001, " + epochs + " epochs on the pooled training data (standardized together)";
    }

    @Override
    public ModelWeights flambyInitial(ModelWeights layout, long seed) {
        return flambyInitial(layout, seed, FlambyHeart.FEATURES.size());
    }

    /**
     * FLamby's model at initialisation: one sigmoid output over the 13 features with PyTorch's default
     * initialisation of a linear layer, U(−1/√13, 1/√13) for the weights and the bias. FedMed's 2-class
     * softmax equals it when class 0's row and bias are zero and class 1's hold the sigmoid's, since
     * p(disease) = σ(z₁ − z₀). With FLamby's small learning rates a run ends near where it starts, so
     * the starting point matters: DJL's Xavier initialisation of both rows starts about twice as far out.
     *
     * @param layout the logistic regression's tensors: a weight [2, 13] and a bias [2], class 0 first
     */
    static ModelWeights flambyInitial(ModelWeights layout, long seed, int features) {
        Random rng = new Random(seed);
        double bound = 1 / Math.sqrt(features);
        float[] v = new float[layout.size()];
        int at = 0;
        for (TensorSpec t : layout.specs()) {
            int[] shape = t.shape();
            if (shape[0] != 2 || t.numel() / 2 != (shape.length == 1 ? 1 : features)) {
                throw new IllegalStateException("expected the logistic regression's [2, " + features + "] weight and [2] bias, got "
                        + t.name() + " " + Arrays.toString(shape));
            }
            int half = t.numel() / 2;
            for (int i = 0; i < half; i++) {
                v[at + half + i] = (float) ((2 * rng.nextDouble() - 1) * bound);
            }
            at += t.numel();
        }
        return layout.withValues(v);
    }

    @Override
    public double score(DjlTrainer trainer, ModelWeights weights, LabeledSamples test) {
        return Evaluations.evaluate(trainer, weights, test).metrics().accuracy();
    }

    /** FLamby's figures, seeds 42-46: mean accuracy over the 4 hospitals' test sets, and on the pooled test set. */
    @Override
    public Map<String, Figure> published() {
        // rows: pooled, fedavg, fedprox, scaffold, cyclic, fedadam, fedadagrad, fedyogi
        return FlambyReport.published(new double[][] {
            {0.735, 0.795},
            {0.685, 0.748},
            {0.685, 0.748},
            {0.684, 0.748},
            {0.718, 0.785},
            {0.726, 0.779},
            {0.731, 0.779},
            {0.731, 0.779}});
    }

    @Override
    public String source() {
        return "FLamby (Ogier du Terrail et al., NeurIPS 2022 Datasets and Benchmarks), Fed-Heart-Disease: mean over 5 seeds"
                + " of the average of the 4 hospitals' test accuracies (pooled test set: second figure), as quoted in FedMed issue 11"
                + " and datasets/README";
    }
}
