package org.fedmed.bench.training;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.fedmed.bench.Median;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.DpSgd;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.data.synthetic.SyntheticImages;
import org.fedmed.learn.DjlTrainer;

/**
 * A DP-SGD local epoch against a non-private one on the same trainer, CNN, data and batch size,
 * alternating after a warm-up: images per second of each, and the slowdown (private time ÷
 * non-private time) per repetition and its median. The private epoch runs both noise sources: the
 * seeded research stream and the DRBG (the one real runs use).
 *
 * <p>Options: {@code --images N} (4708), {@code --batch B} (64), {@code --reps R} (5),
 * {@code --model cnn|mlp|logreg} (cnn), {@code --seed S} (1).
 */
public final class DpSgdBenchmark {

    /** Per repetition: seconds of the non-private, the seeded-noise and the secure-noise epoch. */
    public record Result(double[] plainSeconds, double[] seededSeconds, double[] secureSeconds) {
        public double medianSlowdown(boolean secure) {
            double[] r = new double[plainSeconds.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = (secure ? secureSeconds[i] : seededSeconds[i]) / plainSeconds[i];
            }
            return Median.of(r);
        }
    }

    private DpSgdBenchmark() {
    }

    public static void main(String[] args) {
        int images = 4708;
        int batch = 64;
        int reps = 5;
        long seed = 1;
        String model = "cnn";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--images" -> images = Integer.parseInt(args[i + 1]);
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                case "--reps" -> reps = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--model" -> model = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --images, --batch, --reps, --model, --seed)");
            }
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("missing value after " + args[args.length - 1]);
        }
        run(images, batch, reps, ModelArchitecture.parse(model), seed, System.out);
    }

    private static final int NAIVE_IMAGES = 512;

    /** Images per second when every example gets its own forward and backward pass (median of 3). */
    private static double naivePerExample(ModelSpec spec, LabeledSamples data, long seed) {
        int[] idx = new int[Math.min(NAIVE_IMAGES, data.size())];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        LabeledSamples few = data.subset(idx);
        TrainingConfig one = new TrainingConfig(1, 1, 0.01, OptimizerKind.SGD, 0.0, 0.0, 0.0, false, seed);
        double[] rates = new double[3];
        try (DjlTrainer trainer = DjlTrainer.builder().model(spec).build()) {
            ModelWeights w = trainer.initialWeights(seed);
            trainer.fit(w, few, one);
            for (int r = 0; r < rates.length; r++) {
                long t0 = System.nanoTime();
                trainer.fit(w, few, one);
                rates[r] = few.size() / ((System.nanoTime() - t0) / 1e9);
            }
        }
        return Median.of(rates);
    }

    public static Result run(int images, int batch, int reps, ModelArchitecture arch, long seed, PrintStream out) {
        ModelSpec spec = arch == ModelArchitecture.MLP
                ? new ModelSpec(arch, new int[] {1, 28, 28}, 2, List.of(128, 64), 0.0)
                : ModelSpec.of(arch, new int[] {1, 28, 28}, 2);
        LabeledSamples data = SyntheticImages.centreSquare(images, 28, 0.3, seed);
        TrainingConfig plain = new TrainingConfig(1, batch, 0.05, OptimizerKind.SGD, 0.9, 0.0, 0.0, false, seed);
        TrainingConfig seeded = plain.withDpSgd(new DpSgd(1.0, 1.0, true));
        TrainingConfig secure = plain.withDpSgd(new DpSgd(1.0, 1.0, false));
        double[] p = new double[reps];
        double[] s = new double[reps];
        double[] c = new double[reps];
        try (DjlTrainer trainer = DjlTrainer.builder().model(spec).build()) {
            out.printf(Locale.ROOT, "DP-SGD benchmark: %s (%,d parameters), %d synthetic 28x28 images, batch %d "
                    + "(Poisson sampling at q = %.4g), C = 1, sigma = 1%n", spec, trainer.parameterCount(), images, batch,
                    DpSgd.samplingRate(images, batch));
            ModelWeights w = trainer.initialWeights(seed);
            trainer.fit(w, data, plain);
            trainer.fit(w, data, seeded);
            trainer.fit(w, data, secure);
            for (int r = 0; r < reps; r++) {
                TrainingConfig[] order = r % 2 == 0 ? new TrainingConfig[] {plain, seeded, secure}
                        : new TrainingConfig[] {secure, seeded, plain};
                for (TrainingConfig cfg : order) {
                    long t0 = System.nanoTime();
                    trainer.fit(w, data, cfg.withSeed(seed + r));
                    double sec = (System.nanoTime() - t0) / 1e9;
                    if (cfg == plain) {
                        p[r] = sec;
                    } else if (cfg == seeded) {
                        s[r] = sec;
                    } else {
                        c[r] = sec;
                    }
                }
                out.printf(Locale.ROOT, "rep %d: non-private %.0f img/s, DP-SGD seeded noise %.0f img/s (x%.2f), "
                                + "DP-SGD secure noise %.0f img/s (x%.2f)%n", r + 1, images / p[r], images / s[r], s[r] / p[r],
                        images / c[r], c[r] / p[r]);
            }
        }
        Result res = new Result(p, s, c);
        out.printf(Locale.ROOT, "median: non-private %.0f img/s; DP-SGD time / non-private time: seeded x%.2f, secure x%.2f%n",
                images / Median.of(p), res.medianSlowdown(false), res.medianSlowdown(true));
        out.printf(Locale.ROOT, "one backward pass per example (non-private batch 1 over %d images, a lower bound for the naive "
                + "per-example DP-SGD): %.0f img/s%n", Math.min(NAIVE_IMAGES, images), naivePerExample(spec, data, seed));
        return res;
    }
}
