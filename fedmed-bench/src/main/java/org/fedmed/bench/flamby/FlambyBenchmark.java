package org.fedmed.bench.flamby;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedmed.core.aggregate.AggregationWeighting;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.federation.Federation;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.round.LocalSite;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.strategy.LearningRateSchedule;
import org.fedmed.core.strategy.SiteSampler;
import org.fedmed.core.strategy.Strategies;
import org.fedmed.core.strategy.StrategyOptions;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.data.flamby.FlambyData;
import org.fedmed.learn.DjlTrainer;

/**
 * {@code fedmed bench flamby heart|tcga-brca}: a FLamby benchmark (Ogier du Terrail et al., NeurIPS
 * 2022) run with FedMed's federation loop, strategies and trainer, each figure printed beside FLamby's
 * (see {@link FlambyReport}).
 *
 * <p>Protocol, for every task: FLamby's fixed train/test split per center (the seeds vary only
 * initialisation and shuffling); the pooled baseline trains one model on all centers' training data with
 * FLamby's pooled optimizer; each strategy federates with every center training every round, plain SGD
 * locally at FLamby's tuned learning rate for a fixed number of local steps (batches), for FLamby's number
 * of rounds. Metrics: the mean over the centers of the metric on each center's test set
 * ({@code client_mean}, FLamby's reported figure) and the metric on the pooled test set ({@code pooled}).
 *
 * <p>Options: {@code --seeds N} (5), {@code --out DIR} (runs/flamby-&lt;dataset&gt;), {@code --init
 * flamby|fedmed}, {@code --rates flamby|fedmed} (whose tuned learning rates); for quick checks {@code --rounds R}, {@code --local-steps S} and {@code --pooled-epochs E}.
 */
public final class FlambyBenchmark {

    /** A strategy's figures over the seeds, in seed order. */
    public record Measured(String setting, List<Double> clientMean, List<Double> pooled) {

        public Measured {
            clientMean = List.copyOf(clientMean);
            pooled = List.copyOf(pooled);
        }
    }

    private FlambyBenchmark() {
    }

    public static void main(String[] args) {
        FlambyTask task = task(args);
        FlambyOptions o = FlambyOptions.parse(args, task);
        long start = System.nanoTime();
        Map<String, Measured> measured = run(task, o, System.out);
        FlambyReport report = new FlambyReport(task);
        report.print(System.out, measured, o);
        Path json = report.write(o.out(), measured);
        System.out.printf("wrote %s (%.0f s)%n", json, (System.nanoTime() - start) / 1e9);
    }

    /** The task {@code args[0]} names. */
    static FlambyTask task(String[] args) {
        String name = args.length == 0 ? "" : args[0];
        return switch (name) {
            case "heart" -> new FlambyHeartTask();
            case "tcga-brca" -> new FlambyTcgaBrcaTask();
            default -> throw new IllegalArgumentException(FlambyOptions.USAGE
                    + " (FLamby's Fed-Heart-Disease and Fed-TCGA-BRCA are reproduced; got '" + name + "')");
        };
    }

    /** Runs the pooled baseline and every strategy for each seed (1..N); keys: {@code pooled}, then the strategies. */
    public static Map<String, Measured> run(FlambyTask task, FlambyOptions o, PrintStream log) {
        FlambyData data = task.load();
        LabeledSamples pooledTrain = data.pooledTrain();
        LabeledSamples pooledTest = data.pooledTest();
        List<FlambyArm> arms = (o.fedmedRates() ? task.fedmedTuned() : task.arms()).stream()
                .filter(a -> Strategies.NAMES.contains(a.strategy())).toList();
        log.printf("FLamby %s: %d centers, %d training and %d test examples; %d rounds x %d local steps of batch %d, %d seed(s), %s,"
                        + " %s learning rates%n", task.title(), data.centers().size(), pooledTrain.size(), pooledTest.size(), o.rounds(),
                o.localSteps(), task.batch(), o.seeds(), init(o), o.fedmedRates() ? "FedMed-tuned" : "FLamby's tuned");
        Map<String, List<double[]>> perSeed = new LinkedHashMap<>();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("pooled", task.pooledSetting(o.pooledEpochs()) + ", " + init(o));
        for (FlambyArm a : arms) {
            settings.put(a.strategy(), a.describe() + (task.arms().contains(a) ? " (FLamby's)" : " (tuned for FedMed)") + ", " + init(o));
        }
        // one thread: these models are too small to gain from more, and the seeds run one after the other
        try (DjlTrainer trainer = DjlTrainer.builder().model(task.model()).intraOpThreads(1).build()) {
            for (int seed = 1; seed <= o.seeds(); seed++) {
                ModelWeights initial = o.flambyInit() ? task.flambyInitial(trainer.initialWeights(seed), seed)
                        : trainer.initialWeights(seed);
                ModelWeights pooledModel = trainer.fit(initial, pooledTrain, task.pooled(o.pooledEpochs(), seed)).weights();
                record(perSeed, "pooled", evaluate(task, trainer, pooledModel, data), log, seed);
                for (FlambyArm a : arms) {
                    ModelWeights global = federate(task, trainer, data, a, o, initial, seed);
                    record(perSeed, a.strategy(), evaluate(task, trainer, global, data), log, seed);
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

    private static String init(FlambyOptions o) {
        return o.flambyInit() ? "FLamby's initialisation (PyTorch's default for its model)" : "DJL's Xavier initialisation";
    }

    /** One federated run through {@link Federation}: every center trains every round; the metric is taken at the end only. */
    private static ModelWeights federate(FlambyTask task, DjlTrainer trainer, FlambyData data, FlambyArm arm, FlambyOptions o,
                                         ModelWeights initial, long seed) {
        TrainingConfig training = new TrainingConfig(1, task.batch(), arm.localLearningRate(), OptimizerKind.SGD, 0, 0, 0, false, seed)
                .withLocalSteps(o.localSteps());
        StrategyOptions options = new StrategyOptions(SiteSampler.all(), training, new LearningRateSchedule.Constant(),
                AggregationWeighting.SAMPLE_COUNT, seed);
        List<SiteClient> sites = new ArrayList<>();
        for (int c = 0; c < data.centers().size(); c++) {
            sites.add(new LocalSite(data.centers().get(c), trainer, data.train().get(c), null, data.test().get(c), 1.0));
        }
        return Federation.builder()
                .strategy(Strategies.create(arm.strategy(), options, arm.params()))
                .sites(sites)
                .rounds(o.rounds())
                .federatedEvaluationEvery(0)
                .build()
                .run(initial)
                .finalWeights();
    }

    /** {client_mean, pooled}: the mean of the centers' test metrics, and the metric on all test examples. */
    private static double[] evaluate(FlambyTask task, DjlTrainer trainer, ModelWeights w, FlambyData data) {
        double sum = 0;
        for (LabeledSamples test : data.test()) {
            sum += task.score(trainer, w, test);
        }
        return new double[] {sum / data.test().size(), task.score(trainer, w, data.pooledTest())};
    }

    private static void record(Map<String, List<double[]>> perSeed, String name, double[] r, PrintStream log, int seed) {
        perSeed.computeIfAbsent(name, k -> new ArrayList<>()).add(r);
        log.printf("  seed %d  %-10s client_mean %.3f  pooled %.3f%n", seed, name, r[0], r[1]);
    }
}
