package org.fedmed.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.fedmed.core.bench.AggregationBenchmark;
import org.fedmed.learn.bench.LocalEpochBenchmark;
import org.fedmed.sim.Simulation;
import org.fedmed.sim.SimulationResult;
import org.fedmed.study.StudySpec;
import org.fedmed.study.StudySpecBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code fedmed bench}: the speed and accuracy figures of docs/BENCHMARKS.md. Kept out of the unit
 * tests: they take minutes and print figures rather than pass or fail.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run a benchmark and print its figures:",
                "  aggregation   FedAvg of 10 x 10M-parameter updates vs a plain array copy",
                "  local-epoch   a FedMed local epoch vs a bare DJL training loop (CNN, 28x28)",
                "  dp-sgd -- [--images N] [--batch B] [--reps R] [--model cnn|mlp|logreg]   a DP-SGD local epoch vs a",
                "                non-private one on the same CNN (seeded and secure noise), and vs one backward pass per example",
                "  accuracy      the reference studies (WDBC, cardio, heart, PneumoniaMNIST) with baselines",
                "  upload [MB] [reps] [direct]   a MB-megabyte model (default 100) node <-> coordinator over mTLS on loopback:",
                "                MB/s and wire bytes / raw float bytes (counted by a TCP relay)",
                "  round-overhead [rounds] [sites] [params]   10 sites x 1M parameters, fake training: seconds per",
                "                round in-process vs coordinator + network nodes over mTLS"})
final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "aggregation, local-epoch, dp-sgd, accuracy, upload or round-overhead")
    String which;

    @Parameters(index = "1..*", description = "arguments passed to the benchmark")
    List<String> args = List.of();

    @Override
    public Integer call() throws Exception {
        String[] a = args.toArray(String[]::new);
        switch (which) {
            case "aggregation" -> AggregationBenchmark.main(a);
            case "local-epoch" -> LocalEpochBenchmark.main(a);
            case "dp-sgd" -> org.fedmed.learn.bench.DpSgdBenchmark.main(a);
            case "accuracy" -> accuracy(a);
            case "upload" -> org.fedmed.net.bench.UploadBenchmark.main(a);
            case "round-overhead" -> org.fedmed.net.bench.RoundOverheadBenchmark.main(a);
            default -> throw new IllegalArgumentException("unknown benchmark '" + which
                    + "' (aggregation, local-epoch, dp-sgd, accuracy, upload, round-overhead)");
        }
        return 0;
    }

    /**
     * The reference studies with each dataset's defaults: the datasets named in the arguments (all
     * four by default), each over seeds 1..N with {@code seeds=N} (default: the single default seed).
     */
    private static void accuracy(String[] args) {
        List<String> datasets = new java.util.ArrayList<>();
        int seeds = 0;
        for (String a : args) {
            if (a.startsWith("seeds=")) {
                seeds = Integer.parseInt(a.substring("seeds=".length()));
            } else {
                datasets.add(a);
            }
        }
        if (datasets.isEmpty()) {
            datasets = List.of("wdbc", "cardio", "heart", "pneumoniamnist");
        }
        StringBuilder summary = new StringBuilder(String.format("%n%-16s %-14s %5s %10s %10s %10s %10s %10s %8s%n",
                "dataset", "partition", "seed", "fed_acc", "fed_auc", "cen_acc", "cen_auc", "best_local", "seconds"));
        for (String d : datasets) {
            java.util.DoubleSummaryStatistics fed = new java.util.DoubleSummaryStatistics();
            java.util.DoubleSummaryStatistics cen = new java.util.DoubleSummaryStatistics();
            for (int i = seeds == 0 ? 0 : 1; i <= seeds; i++) {
                StudySpecBuilder b = new StudySpecBuilder();
                b.dataset = d;
                if (seeds > 0) {
                    b.seed = (long) i;
                }
                StudySpec spec = b.build();
                SimulationResult r = Simulation.withDjl().run(spec, new ProgressPrinter(System.out, spec.rounds()));
                ResultsTable.print(System.out, r);
                double bestLocal = r.localOnly().values().stream().mapToDouble(e -> e.metrics().accuracy()).max().orElse(Double.NaN);
                fed.accept(r.federated().metrics().accuracy());
                cen.accept(r.centralized().metrics().accuracy());
                summary.append(String.format("%-16s %-14s %5d %10.4f %10.4f %10.4f %10.4f %10.4f %8.1f%n", d, spec.partition(),
                        spec.seed(), r.federated().metrics().accuracy(), r.federated().metrics().rocAuc(),
                        r.centralized().metrics().accuracy(), r.centralized().metrics().rocAuc(), bestLocal, r.seconds()));
            }
            if (fed.getCount() > 1) {
                summary.append(String.format("%-16s %-14s %5s %10.4f %10s %10.4f%n", d, "mean", "", fed.getAverage(), "",
                        cen.getAverage()));
            }
        }
        System.out.print(summary);
    }
}
