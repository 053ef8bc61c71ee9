package org.fedmed.bench.flamby;

import java.nio.file.Path;

/**
 * The options of {@code fedmed bench flamby <dataset>}.
 *
 * @param rounds, localSteps and pooledEpochs are FLamby's unless shortened for a quick check
 * @param flambyInit start from FLamby's model at initialisation ({@link FlambyTask#flambyInitial}); false:
 *                   DJL's Xavier initialisation of FedMed's own model
 * @param fedmedRates the strategies' learning rates tuned for FedMed ({@link FlambyTask#fedmedTuned}) instead of
 *                    FLamby's tuned ones
 */
public record FlambyOptions(int seeds, Path out, int rounds, int localSteps, int pooledEpochs, boolean flambyInit,
                            boolean fedmedRates) {

    public static final String USAGE = "usage: fedmed bench flamby heart|tcga-brca [--seeds N] [--out DIR] [--init flamby|fedmed]"
            + " [--rates flamby|fedmed]";

    public FlambyOptions {
        if (seeds <= 0 || rounds <= 0 || localSteps <= 0 || pooledEpochs <= 0) {
            throw new IllegalArgumentException("--seeds, --rounds, --local-steps and --pooled-epochs must be positive");
        }
    }

    /** Options after the dataset name ({@code args[0]}), FLamby's settings of {@code task} by default. */
    public static FlambyOptions parse(String[] args, FlambyTask task) {
        int seeds = 5;
        Path out = Path.of("runs", "flamby-" + task.name());
        int rounds = task.rounds();
        int steps = task.localSteps();
        int pooledEpochs = task.pooledEpochs();
        boolean flambyInit = true;
        boolean fedmedRates = false;
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
                case "--rates" -> {
                    if (!v.equals("flamby") && !v.equals("fedmed")) {
                        throw new IllegalArgumentException("--rates is flamby or fedmed, got '" + v + "'");
                    }
                    if (v.equals("fedmed") && task.fedmedTuned().isEmpty()) {
                        throw new IllegalArgumentException("--rates fedmed: no learning rates were tuned for FedMed on " + task.title()
                                + "; its runs use FLamby's");
                    }
                    fedmedRates = v.equals("fedmed");
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --seeds, --out, --rounds, --local-steps, --pooled-epochs, --init, --rates)");
            }
        }
        return new FlambyOptions(seeds, out, rounds, steps, pooledEpochs, flambyInit, fedmedRates);
    }
}
