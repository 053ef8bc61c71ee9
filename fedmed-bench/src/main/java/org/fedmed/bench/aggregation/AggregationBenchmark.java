package org.fedmed.bench.aggregation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedmed.bench.Median;
import org.fedmed.core.aggregate.WeightedMean;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.strategy.FedAvg;
import org.fedmed.core.strategy.StrategyOptions;
import org.fedmed.core.units.ByteSize;

/**
 * How close FedAvg aggregation comes to memory bandwidth: the whole aggregation pipeline of
 * {@link FedAvg#aggregateFit} ({@code mean(samples) → sgd(η=1)}, whose mean is {@link WeightedMean})
 * is timed side by side, alternating, with a plain copy of the same input bytes
 * ({@code System.arraycopy} of every update into one destination the size of one update).
 *
 * <p>Both read every input byte once; the figure reported for each is GB/s of input bytes read
 * (updates × parameters × 4 bytes / seconds), the median over the repetitions, and the ratio
 * fedavg / arraycopy. Both run on the calling thread only.
 *
 * <pre>
 * fedmed bench aggregation [updates=10] [parameters=10000000] [repetitions=7]
 * </pre>
 */
public final class AggregationBenchmark {

    private static final int WARMUP = 3;

    private AggregationBenchmark() {
    }

    public static void main(String[] args) {
        int updates = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int parameters = args.length > 1 ? Integer.parseInt(args[1]) : 10_000_000;
        int repetitions = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        if (updates < 1 || parameters < 1 || repetitions < 1) {
            throw new IllegalArgumentException("updates, parameters and repetitions must be >= 1");
        }

        List<TensorSpec> layout = List.of(new TensorSpec("w", new int[] {parameters}));
        ModelWeights[] models = new ModelWeights[updates];
        List<SiteUpdate> siteUpdates = new ArrayList<>();
        for (int k = 0; k < updates; k++) {
            float[] v = new float[parameters];
            for (int i = 0; i < parameters; i++) {
                v[i] = (float) (((i * 31L + k * 7L) % 1000) * 1e-3 - 0.5);
            }
            models[k] = ModelWeights.of(layout, v);
            siteUpdates.add(new SiteUpdate("site-" + k, 1, models[k], 100 + 10 * k, Map.of())); // sample counts
        }
        FedAvg fedAvg = new FedAvg(StrategyOptions.defaults());
        ModelWeights global = ModelWeights.zeros(layout);
        float[] copyDestination = new float[parameters];
        double inputBytes = 4.0 * updates * parameters;

        System.out.printf(Locale.ROOT, "java %s, %d processors, max heap %s; %d updates x %d parameters = %s of input%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                ByteSize.human(Runtime.getRuntime().maxMemory()), updates, parameters, ByteSize.human((long) inputBytes));

        double sink = 0;
        for (int r = 0; r < WARMUP; r++) {
            sink += fedavg(fedAvg, global, siteUpdates);
            sink += copy(models, copyDestination);
        }
        double[] fedavgSeconds = new double[repetitions];
        double[] copySeconds = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            // alternate which one goes first so neither always runs on a "fresher" machine state
            for (int turn = 0; turn < 2; turn++) {
                boolean fedavgNow = (turn == 0) == (r % 2 == 0);
                long t0 = System.nanoTime();
                sink += fedavgNow ? fedavg(fedAvg, global, siteUpdates) : copy(models, copyDestination);
                (fedavgNow ? fedavgSeconds : copySeconds)[r] = (System.nanoTime() - t0) / 1e9;
            }
        }
        double fedavg = Median.of(fedavgSeconds);
        double copy = Median.of(copySeconds);
        System.out.printf(Locale.ROOT, "fedavg    %d x %d: median %.4f s, %.1f GB/s (runs %s)%n",
                updates, parameters, fedavg, inputBytes / fedavg / 1e9, format(fedavgSeconds));
        System.out.printf(Locale.ROOT, "arraycopy %d x %d: median %.4f s, %.1f GB/s (runs %s)%n",
                updates, parameters, copy, inputBytes / copy / 1e9, format(copySeconds));
        System.out.printf(Locale.ROOT, "ratio=%.2f (fedavg GB/s / arraycopy GB/s; target >= 0.8)%n", copy / fedavg);
        System.out.printf(Locale.ROOT, "(checksum %.3f)%n", sink);
    }

    private static double fedavg(FedAvg strategy, ModelWeights global, List<SiteUpdate> updates) {
        float[] out = strategy.aggregateFit(1, global, updates).values();
        return out[0] + out[out.length / 2] + out[out.length - 1];
    }

    private static double copy(ModelWeights[] models, float[] destination) {
        for (ModelWeights m : models) {
            System.arraycopy(m.values(), 0, destination, 0, destination.length);
        }
        return destination[0] + destination[destination.length / 2] + destination[destination.length - 1];
    }

    private static String format(double[] xs) {
        StringBuilder b = new StringBuilder();
        for (double x : xs) {
            b.append(b.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", x));
        }
        return b.toString();
    }
}
