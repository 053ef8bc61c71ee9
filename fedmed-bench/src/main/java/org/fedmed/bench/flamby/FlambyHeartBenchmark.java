package org.fedmed.bench.flamby;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.fedmed.core.aggregate.AggregationWeighting;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.federation.Federation;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.round.LocalSite;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.strategy.LearningRateSchedule;
import org.fedmed.core.strategy.SiteSampler;
import org.fedmed.core.strategy.Strategies;
import org.fedmed.core.strategy.StrategyOptions;
import org.fedmed.core.training.Evaluations;
import org.fedmed.core.training.LocalTrainer;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.data.DatasetCatalog;
import org.fedmed.data.flamby.FlambyHeart;
import org.fedmed.learn.DjlTrainer;

/**
 * {@code fedmed bench flamby heart}: FLamby's Fed-Heart-Disease benchmark (Ogier du Terrail et al.,
 * NeurIPS 2022) run with FedMed's federation loop, strategies and trainer, each figure printed beside
 * FLamby's (see {@link FlambyHeartReport}).
 *
 * <p>Protocol: the data of {@link FlambyHeart} (split seed fixed at 43, as FLamby fixes its split, so
 * the seeds vary only initialization and shuffling); logistic regression; batch 4; 100 local steps
 * per round; 15 rounds. Local optimizer and server learning rates per strategy are FLamby's tuned
 * ones for this dataset ({@link Arm#FLAMBY_TUNED}); the pooled baseline trains one model on all
 * training data with Adam at 1e-3 for 50 epochs, FLamby's pooled setting. Metrics: the mean of the
 * four hospitals' test accuracies ({@code client_mean}, FLamby's reported figure) and the accuracy
 * on the pooled test set ({@code pooled}).
 *
 * <p>Options: {@code --seeds N} (5), {@code --out DIR} (runs/flamby-heart); for quick checks
 * {@code --rounds R} (15), {@code --local-steps S} (100) and {@code --pooled-epochs E} (50).
 */
public final class FlambyHeartBenchmark {

    /** FLamby fixes its train/test split; its seeds change the training only. */
    public static final long SPLIT_SEED = 43;
    public static final int BATCH = 4;

    /**
     * One federated strategy with its local learning rate (plain SGD) and strategy parameters.
     * FLAMBY_TUNED: FLamby's flamby/config_heart_disease.json (the configuration behind its
     * results_heart_disease.csv).
     */
    public record Arm(String strategy, double localLearningRate, Map<String, Double> params) {

        public static final List<Arm> FLAMBY_TUNED = List.of(
                new Arm("fedavg", 1e-3, Map.of()),
                new Arm("fedprox", 1e-3, Map.of("mu", 0.01)),
                new Arm("scaffold", 1e-3, Map.of("server_lr", 1.0)),
                new Arm("cyclic", 1e-2, Map.of()),
                new Arm("fedadam", 1e-2, fedOpt(0.01)),
                new Arm("fedyogi", 3.162e-3, fedOpt(0.01)),
                new Arm("fedadagrad", 3.162e-3, fedOpt(0.316228)));

        public Arm {
            params = Map.copyOf(params);
        }

        private static Map<String, Double> fedOpt(double serverLr) {
            return Map.of("eta", serverLr, "beta1", 0.9, "beta2", 0.999, "tau", 1e-8);
        }

        /** How this arm trains, in words, for the table and flamby.json. */
        public String describe() {
            return "local SGD lr " + localLearningRate + (params.isEmpty() ? "" : ", " + new TreeMap<>(params));
        }
    }

    /**
     * @param rounds, localSteps and pooledEpochs are FLamby's unless shortened for a quick check
     * @param flambyInit start from FLamby's model at initialisation ({@link #flambyInitial}); false: DJL's
     *                   Xavier initialisation of FedMed's own logistic regression
     */
    public record Options(int seeds, Path out, int rounds, int localSteps, int pooledEpochs, boolean flambyInit) {

        public Options {
            if (seeds <= 0 || rounds <= 0 || localSteps <= 0 || pooledEpochs <= 0) {
                throw new IllegalArgumentException("--seeds, --rounds, --local-steps and --pooled-epochs must be positive");
            }
        }

        public static Options parse(String[] args) {
            if (args.length == 0 || !args[0].equals("heart")) {
                throw new IllegalArgumentException("usage: fedmed bench flamby heart [--seeds N] [--out DIR] [--init flamby|fedmed]"
                        + " (only FLamby's Fed-Heart-Disease is reproduced so far)");
            }
            int seeds = 5;
            Path out = Path.of("runs", "flamby-heart");
            int rounds = 15;
            int steps = 100;
            int pooledEpochs = 50;
            boolean flambyInit = true;
            for (int i = 1; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + args[i]);
                }
                String v = args[i + 1];
                switch (args[i]) {
                    case "--seeds" -> seeds = Integer.parseInt(v);
                    case "--out" -> out = Path.of(v);
                    case "--rounds" -> rounds = Integer.parseInt(v);
                    case "--local-steps" -> steps = Integer.parseInt(v);
                    case "--pooled-epochs" -> pooledEpochs = Integer.parseInt(v);
                    case "--init" -> {
                        if (!v.equals("flamby") && !v.equals("fedmed")) {
                            throw new IllegalArgumentException("--init is flamby or fedmed, got '" + v + "'");
                        }
                        flambyInit = v.equals("flamby");
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + " (known: --seeds, --out, --rounds, --local-steps, --pooled-epochs, --init)");
                }
            }
            return new Options(seeds, out, rounds, steps, pooledEpochs, flambyInit);
        }
    }

    /** A strategy's figures over the seeds, in seed order. */
    public record Measured(String setting, List<Double> clientMean, List<Double> pooled) {

        public Measured {
            clientMean = List.copyOf(clientMean);
            pooled = List.copyOf(pooled);
        }
    }

    private FlambyHeartBenchmark() {
    }

    public static void main(String[] args) {
        Options o = Options.parse(args);
        long start = System.nanoTime();
        Map<String, Measured> measured = run(o, System.out);
        FlambyHeartReport.print(System.out, measured, o);
        Path json = FlambyHeartReport.write(o.out(), measured);
        System.out.printf("wrote %s (%.0f s)%n", json, (System.nanoTime() - start) / 1e9);
    }

    /** Runs the pooled baseline and every strategy for each seed (1..N); keys: {@code pooled}, then the strategies. */
    public static Map<String, Measured> run(Options o, PrintStream log) {
        FlambyHeart data = FlambyHeart.load(DatasetCatalog.defaultDataRoot().resolve("heart_disease_uci"), SPLIT_SEED);
        LabeledSamples pooledTrain = data.pooledTrain();
        LabeledSamples pooledTest = data.pooledTest();
        log.printf("FLamby Fed-Heart-Disease: %d hospitals, %d training and %d test examples, %d features; %d rounds x %d"
                        + " local steps of batch %d, %d seed(s), %s%n", data.centers().size(), pooledTrain.size(), pooledTest.size(),
                FlambyHeart.FEATURES.size(), o.rounds(), o.localSteps(), BATCH, o.seeds(), init(o));
        Map<String, List<double[]>> perSeed = new LinkedHashMap<>();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("pooled", "Adam lr 0.001, " + o.pooledEpochs() + " epochs on the pooled training data (standardized together), " + init(o));
        for (Arm a : Arm.FLAMBY_TUNED) {
            settings.put(a.strategy(), a.describe() + ", " + init(o));
        }
        ModelSpec model = ModelSpec.of(ModelArchitecture.LOGISTIC_REGRESSION, new int[] {FlambyHeart.FEATURES.size()},
                FlambyHeart.CLASSES.size());
        // one thread: a 13-input model is too small to gain from more, and the seeds run one after the other
        try (DjlTrainer trainer = DjlTrainer.builder().model(model).intraOpThreads(1).build()) {
            for (int seed = 1; seed <= o.seeds(); seed++) {
                ModelWeights initial = o.flambyInit() ? flambyInitial(trainer.initialWeights(seed), seed)
                        : trainer.initialWeights(seed);
                TrainingConfig pooledConfig = new TrainingConfig(o.pooledEpochs(), BATCH, 1e-3, OptimizerKind.ADAM, 0, 0, 0,
                        false, seed);
                ModelWeights pooledModel = trainer.fit(initial, pooledTrain, pooledConfig).weights();
                record(perSeed, "pooled", evaluate(trainer, pooledModel, data, pooledTest), log, seed);
                for (Arm a : Arm.FLAMBY_TUNED) {
                    ModelWeights global = federate(trainer, data, a, o, initial, seed);
                    record(perSeed, a.strategy(), evaluate(trainer, global, data, pooledTest), log, seed);
                }
            }
        }
        Map<String, Measured> out = new LinkedHashMap<>();
        perSeed.forEach((name, runs) -> {
            List<Double> client = new ArrayList<>();
            List<Double> pooled = new ArrayList<>();
            for (double[] r : runs) {
                client.add(r[0]);
                pooled.add(r[1]);
            }
            out.put(name, new Measured(settings.get(name), client, pooled));
        });
        return out;
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
    static ModelWeights flambyInitial(ModelWeights layout, long seed) {
        Random rng = new Random(seed);
        double bound = 1 / Math.sqrt(FlambyHeart.FEATURES.size());
        float[] v = new float[layout.size()];
        int at = 0;
        for (TensorSpec t : layout.specs()) {
            int[] shape = t.shape();
            if (shape[0] != 2 || t.numel() / 2 != (shape.length == 1 ? 1 : FlambyHeart.FEATURES.size())) {
                throw new IllegalStateException("expected the logistic regression's [2, 13] weight and [2] bias, got " + t.name()
                        + " " + Arrays.toString(shape));
            }
            int half = t.numel() / 2;
            for (int i = 0; i < half; i++) {
                v[at + half + i] = (float) ((2 * rng.nextDouble() - 1) * bound);
            }
            at += t.numel();
        }
        return layout.withValues(v);
    }

    private static String init(Options o) {
        return o.flambyInit() ? "FLamby's initialisation (one sigmoid output, PyTorch's default)" : "DJL's Xavier initialisation";
    }

    /** One federated run through {@link Federation}: every hospital trains every round. */
    private static ModelWeights federate(LocalTrainer trainer, FlambyHeart data, Arm arm, Options o, ModelWeights initial,
                                         long seed) {
        TrainingConfig training = new TrainingConfig(1, BATCH, arm.localLearningRate(), OptimizerKind.SGD, 0, 0, 0, false, seed)
                .withLocalSteps(o.localSteps());
        StrategyOptions options = new StrategyOptions(SiteSampler.all(), training, new LearningRateSchedule.Constant(),
                AggregationWeighting.SAMPLE_COUNT, seed);
        List<SiteClient> sites = new ArrayList<>();
        for (int h = 0; h < data.centers().size(); h++) {
            sites.add(new LocalSite(data.centers().get(h), trainer, data.train().get(h), null, data.test().get(h), 1.0));
        }
        return Federation.builder()
                .strategy(Strategies.create(arm.strategy(), options, arm.params()))
                .sites(sites)
                .rounds(o.rounds())
                .build()
                .run(initial)
                .finalWeights();
    }

    /** {client_mean, pooled}: the mean of the hospitals' test accuracies, and the accuracy on all test examples. */
    private static double[] evaluate(LocalTrainer trainer, ModelWeights w, FlambyHeart data, LabeledSamples pooledTest) {
        double sum = 0;
        for (LabeledSamples test : data.test()) {
            sum += Evaluations.evaluate(trainer, w, test).metrics().accuracy();
        }
        double pooled = Evaluations.evaluate(trainer, w, pooledTest).metrics().accuracy();
        return new double[] {sum / data.test().size(), pooled};
    }

    private static void record(Map<String, List<double[]>> perSeed, String name, double[] r, PrintStream log, int seed) {
        perSeed.computeIfAbsent(name, k -> new ArrayList<>()).add(r);
        log.printf("  seed %d  %-10s client_mean %.3f  pooled %.3f%n", seed, name, r[0], r[1]);
    }
}
