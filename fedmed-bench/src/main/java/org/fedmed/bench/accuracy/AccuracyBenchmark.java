package org.fedmed.bench.accuracy;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import org.fedmed.sim.SimulationResult;

/**
 * {@code fedmed bench accuracy [dataset ...] [seeds=N]}: the reference studies with each dataset's
 * defaults, with baselines: the datasets named (all four by default), each over seeds 1..N with
 * {@code seeds=N} (default: the dataset's default seed), then one summary row per study and the mean
 * over seeds.
 */
public final class AccuracyBenchmark {

    static final List<String> DATASETS = List.of("wdbc", "cardio", "heart", "pneumoniamnist");

    /** Runs one study: a dataset with its defaults and a seed (null: the dataset's default seed). */
    @FunctionalInterface
    public interface Study {
        SimulationResult run(String dataset, Long seed);
    }

    private AccuracyBenchmark() {
    }

    public static void run(String[] args, Study study, PrintStream out) {
        List<String> datasets = new ArrayList<>();
        int seeds = 0;
        for (String a : args) {
            if (a.startsWith("seeds=")) {
                seeds = Integer.parseInt(a.substring("seeds=".length()));
            } else {
                datasets.add(a);
            }
        }
        if (datasets.isEmpty()) {
            datasets = DATASETS;
        }
        StringBuilder summary = new StringBuilder(String.format(Locale.ROOT, "%n%-16s %-14s %5s %10s %10s %10s %10s %10s %8s%n",
                "dataset", "partition", "seed", "fed_acc", "fed_auc", "cen_acc", "cen_auc", "best_local", "seconds"));
        for (String d : datasets) {
            DoubleSummaryStatistics fed = new DoubleSummaryStatistics();
            DoubleSummaryStatistics cen = new DoubleSummaryStatistics();
            for (int i = seeds == 0 ? 0 : 1; i <= seeds; i++) {
                SimulationResult r = study.run(d, seeds > 0 ? Long.valueOf(i) : null);
                double bestLocal = r.localOnly().values().stream().mapToDouble(e -> e.metrics().accuracy()).max().orElse(Double.NaN);
                fed.accept(r.federated().metrics().accuracy());
                cen.accept(r.centralized().metrics().accuracy());
                summary.append(String.format(Locale.ROOT, "%-16s %-14s %5d %10.4f %10.4f %10.4f %10.4f %10.4f %8.1f%n", d,
                        r.spec().partition(), r.spec().seed(), r.federated().metrics().accuracy(), r.federated().metrics().rocAuc(),
                        r.centralized().metrics().accuracy(), r.centralized().metrics().rocAuc(), bestLocal, r.seconds()));
            }
            if (fed.getCount() > 1) {
                summary.append(String.format(Locale.ROOT, "%-16s %-14s %5s %10.4f %10s %10.4f%n", d, "mean", "", fed.getAverage(), "",
                        cen.getAverage()));
            }
        }
        out.print(summary);
    }
}
