package org.fedmed.bench.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.fedmed.bench.Median;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.core.training.TrainingOutcome;
import org.fedmed.data.synthetic.SyntheticImages;
import org.fedmed.learn.DjlTrainer;
import org.fedmed.learn.NativeAllocatorTuning;
import org.fedmed.learn.model.ModelFactory;

/**
 * One local epoch of the CNN over N synthetic 1×28×28 images, (a) through {@link DjlTrainer#fit}
 * — including the weight load at the start and the extraction at the end, as in a federated round —
 * and (b) through a bare DJL loop written the plain way ({@link Trainer} + {@link EasyTrain#trainBatch}
 * over a shuffled {@link ArrayDataset}), alternating after a warm-up. Prints images/s per repetition,
 * the medians and the ratio, and the time to get/set all weights.
 *
 * <p>Options: {@code --images N} (4708, PneumoniaMNIST's training set), {@code --batch B} (64),
 * {@code --reps R} (5), {@code --warmup W} (1), {@code --lr} (0.01, SGD with momentum 0.9),
 * {@code --threads T} (0 = engine default), {@code --seed S} (1), {@code --no-malloc-tuning} (leave
 * glibc malloc at its defaults; see {@link NativeAllocatorTuning}; applies to both loops alike).
 */
public final class LocalEpochBenchmark {

    /** Benchmark settings. */
    public record Options(int images, int batch, int reps, int warmup, double learningRate, int threads, long seed,
                          boolean mallocTuning) {
        public static Options defaults() {
            return new Options(4708, 64, 5, 1, 0.01, 0, 1L, true);
        }
    }

    /** Measured figures: images per second per repetition, medians, and weight transfer times. */
    public record Result(double[] fedmedImagesPerSecond, double[] bareImagesPerSecond, double fedmedMedian, double bareMedian,
                         int parameters, double getWeightsMillis, double setWeightsMillis) {
        /** FedMed throughput relative to bare DJL (1.0 = equal, 0.9 = 10% slower). */
        public double ratio() {
            return fedmedMedian / bareMedian;
        }

        /**
         * Median over repetitions of fedmed/bare within the repetition: the two runs of a repetition
         * are back to back, so this cancels most of the drift of a shared machine.
         */
        public double pairedRatio() {
            double[] r = new double[fedmedImagesPerSecond.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = fedmedImagesPerSecond[i] / bareImagesPerSecond[i];
            }
            return Median.of(r);
        }
    }

    private LocalEpochBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        if (o == null) {
            System.out.println(USAGE);
            return;
        }
        run(o, System.out);
    }

    static final String USAGE = "usage: fedmed bench local-epoch -- [--images N] [--batch B] [--reps R] [--warmup W] [--lr LR]"
            + " [--threads T] [--seed S] [--no-malloc-tuning]";

    /** Runs the benchmark and prints its report to {@code out}. */
    public static Result run(Options o, PrintStream out) throws IOException, TranslateException {
        boolean tuned = o.mallocTuning() && NativeAllocatorTuning.apply();
        Engine engine = Engine.getEngine("PyTorch"); // loads the native library
        if (o.threads() > 0) {
            JniUtils.setNumThreads(o.threads());
        }
        ModelSpec spec = ModelSpec.of(ModelArchitecture.CNN, new int[] {1, 28, 28}, 2);
        LabeledSamples data = SyntheticImages.centreSquare(o.images(), 28, 0.3, o.seed());
        TrainingConfig config = new TrainingConfig(1, o.batch(), o.learningRate(), OptimizerKind.SGD, 0.9, 0.0, 0.0, false, o.seed());
        Device device = engine.defaultDevice();
        out.printf(Locale.ROOT, "local epoch benchmark: CNN %s, %d images, batch %d, SGD lr %.3g momentum 0.9, device %s, "
                        + "PyTorch %s, intra-op threads %d, malloc tuning %s%n",
                spec, o.images(), o.batch(), o.learningRate(), device, engine.getVersion(), JniUtils.getNumThreads(),
                tuned ? "on" : "off");

        try (DjlTrainer trainer = DjlTrainer.builder().model(spec).device(device).intraOpThreads(o.threads())
                .tuneNativeAllocator(o.mallocTuning()).build();
             BareLoop bare = new BareLoop(spec, data, o, device)) {
            out.printf(Locale.ROOT, "parameters: %,d (%d tensors)%n", trainer.parameterCount(), trainer.layout().size());
            ModelWeights weights = trainer.initialWeights(o.seed());
            for (int w = 0; w < o.warmup(); w++) {
                weights = trainer.fit(weights, data, config.withSeed(o.seed() + w)).weights();
                bare.epoch();
            }
            double[] fed = new double[o.reps()];
            double[] raw = new double[o.reps()];
            for (int r = 0; r < o.reps(); r++) {
                // alternate which goes first so drift (thermal, other load) hits both alike
                if (r % 2 == 0) {
                    long t0 = System.nanoTime();
                    TrainingOutcome outcome = trainer.fit(weights, data, config.withSeed(o.seed() + 100 + r));
                    fed[r] = o.images() / ((System.nanoTime() - t0) / 1e9);
                    weights = outcome.weights();
                    raw[r] = o.images() / bare.epoch();
                } else {
                    raw[r] = o.images() / bare.epoch();
                    long t0 = System.nanoTime();
                    TrainingOutcome outcome = trainer.fit(weights, data, config.withSeed(o.seed() + 100 + r));
                    fed[r] = o.images() / ((System.nanoTime() - t0) / 1e9);
                    weights = outcome.weights();
                }
                out.printf(Locale.ROOT, "rep %d: fedmed %.0f images/s, bare DJL %.0f images/s%n", r + 1, fed[r], raw[r]);
            }
            double fm = Median.of(fed);
            double bm = Median.of(raw);

            int transferReps = 50;
            double[] get = new double[transferReps];
            double[] set = new double[transferReps];
            for (int r = 0; r < transferReps; r++) {
                long t0 = System.nanoTime();
                trainer.setWeights(weights);
                long t1 = System.nanoTime();
                weights = trainer.getWeights();
                long t2 = System.nanoTime();
                set[r] = (t1 - t0) / 1e6;
                get[r] = (t2 - t1) / 1e6;
            }
            Result result = new Result(fed, raw, fm, bm, trainer.parameterCount(), Median.of(get), Median.of(set));
            out.printf(Locale.ROOT, "median: fedmed %.0f images/s (%.3f s/epoch), bare DJL %.0f images/s (%.3f s/epoch)%n",
                    fm, o.images() / fm, bm, o.images() / bm);
            out.printf(Locale.ROOT, "ratio fedmed/bare: %.3f of the medians, %.3f median of the per-repetition ratios (%s)%n",
                    result.ratio(), result.pairedRatio(), result.pairedRatio() >= 0.9 ? "within 10%" : "MORE than 10% slower");
            out.printf(Locale.ROOT, "weights (%,d floats): get %.3f ms, set %.3f ms (median of %d)%n",
                    trainer.parameterCount(), result.getWeightsMillis(), result.setWeightsMillis(), transferReps);
            return result;
        }
    }

    /** The plain DJL way: a Trainer over an ArrayDataset, EasyTrain.trainBatch + step per batch. */
    private static final class BareLoop implements AutoCloseable {
        private final Model model;
        private final Trainer trainer;
        private final ArrayDataset dataset;

        BareLoop(ModelSpec spec, LabeledSamples data, Options o, Device device) {
            model = Model.newInstance("bare-djl", device, "PyTorch");
            model.setBlock(ModelFactory.build(spec));
            NDManager m = model.getNDManager();
            NDArray x = m.create(FloatBuffer.wrap(data.features()), ModelFactory.batchShape(spec, data.size()));
            float[] labels = new float[data.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = data.labels()[i];
            }
            NDArray y = m.create(labels);
            dataset = new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(o.batch(), true).build();
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.sgd()
                            .setLearningRateTracker(Tracker.fixed((float) o.learningRate()))
                            .optMomentum(0.9f)
                            .build())
                    .optDevices(new Device[] {device});
            trainer = model.newTrainer(cfg);
            trainer.initialize(ModelFactory.batchShape(spec, 1));
        }

        /** One epoch; returns seconds. */
        double epoch() throws IOException, TranslateException {
            long t0 = System.nanoTime();
            for (Batch batch : trainer.iterateDataset(dataset)) {
                EasyTrain.trainBatch(trainer, batch);
                trainer.step();
                batch.close();
            }
            return (System.nanoTime() - t0) / 1e9;
        }

        @Override
        public void close() {
            trainer.close();
            model.close();
        }
    }

    /** Parses command-line options; null when help was asked for. */
    public static Options parse(String[] args) {
        Options d = Options.defaults();
        int images = d.images();
        int batch = d.batch();
        int reps = d.reps();
        int warmup = d.warmup();
        double lr = d.learningRate();
        int threads = d.threads();
        long seed = d.seed();
        boolean mallocTuning = d.mallocTuning();
        List<String> a = new ArrayList<>(Arrays.asList(args));
        for (int i = 0; i < a.size(); i++) {
            String key = a.get(i);
            if (key.equals("-h") || key.equals("--help")) {
                return null;
            }
            if (key.equals("--no-malloc-tuning")) {
                mallocTuning = false;
                continue;
            }
            if (i + 1 >= a.size()) {
                throw new IllegalArgumentException("missing value after " + key);
            }
            String v = a.get(++i);
            switch (key) {
                case "--images" -> images = Integer.parseInt(v);
                case "--batch" -> batch = Integer.parseInt(v);
                case "--reps" -> reps = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--lr" -> lr = Double.parseDouble(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                default -> throw new IllegalArgumentException("unknown option " + key);
            }
        }
        if (images <= 0 || batch <= 0 || reps <= 0 || warmup < 0) {
            throw new IllegalArgumentException("images, batch and reps must be positive and warmup >= 0");
        }
        return new Options(images, batch, reps, warmup, lr, threads, seed, mallocTuning);
    }
}
