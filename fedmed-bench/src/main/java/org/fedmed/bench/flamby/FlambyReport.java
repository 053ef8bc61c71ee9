package org.fedmed.bench.flamby;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.fedmed.bench.flamby.FlambyBenchmark.Measured;

/**
 * FedMed's figures for a FLamby benchmark beside FLamby's: the table on stdout and {@code flamby.json}.
 * FLamby's side is its published figures; a strategy FedMed does not have (SCAFFOLD; Cyclic until it
 * exists) is shown as not implemented rather than approximated.
 */
public final class FlambyReport {

    /** A published figure: the mean over the centers of their test metrics, and the metric on the pooled test set. */
    public record Figure(double clientMean, double pooled) {
    }

    /** The rows of FLamby's tables, in their order: the pooled baseline, then the strategies (FedMed's names). */
    public static final List<String> ROWS = List.of("pooled", "fedavg", "fedprox", "scaffold", "cyclic", "fedadam", "fedadagrad",
            "fedyogi");

    private final FlambyTask task;

    public FlambyReport(FlambyTask task) {
        this.task = task;
    }

    /** FLamby's figures as {client_mean, pooled} pairs in {@link #ROWS} order. */
    static Map<String, Figure> published(double[][] figures) {
        if (figures.length != ROWS.size()) {
            throw new IllegalArgumentException("one figure pair per row of " + ROWS + ", got " + figures.length);
        }
        Map<String, Figure> m = new LinkedHashMap<>();
        for (int i = 0; i < figures.length; i++) {
            m.put(ROWS.get(i), new Figure(figures[i][0], figures[i][1]));
        }
        return m;
    }

    /** FedMed's federated strategy (not the pooled baseline) with the highest mean client_mean over the seeds. */
    public static String best(Map<String, Measured> measured) {
        String best = null;
        for (Map.Entry<String, Measured> e : measured.entrySet()) {
            if (!e.getKey().equals("pooled")
                    && (best == null || mean(e.getValue().clientMean()) > mean(measured.get(best).clientMean()))) {
                best = e.getKey();
            }
        }
        return best;
    }

    /** FLamby's best federated figure (strategies other than the pooled baseline). */
    double flambyBest() {
        return task.published().entrySet().stream().filter(e -> !e.getKey().equals("pooled"))
                .mapToDouble(e -> e.getValue().clientMean()).max().orElseThrow();
    }

    /** The FLamby strategies reaching {@link #flambyBest()}. */
    private String flambyBestNames() {
        return task.published().entrySet().stream()
                .filter(e -> !e.getKey().equals("pooled") && e.getValue().clientMean() == flambyBest())
                .map(Map.Entry::getKey).collect(Collectors.joining(", "));
    }

    public void print(PrintStream out, Map<String, Measured> measured, FlambyOptions o) {
        out.printf("%nFLamby %s, %s; FedMed: mean ± std over %d seed(s), %d rounds x %d local steps, %s learning rates%n",
                task.title(), task.metric(), o.seeds(), o.rounds(), o.localSteps(), o.fedmedRates() ? "FedMed-tuned" : "FLamby's tuned");
        out.printf("%-22s %-22s %-14s %-20s %s%n", "strategy", "FedMed client_mean", "FedMed pooled", "FLamby client_mean",
                "FLamby pooled");
        for (Map.Entry<String, Figure> f : task.published().entrySet()) {
            Measured m = measured.get(f.getKey());
            if (m == null) {
                out.printf("%-22s %-22s %-14s %-20.3f %.3f%n", f.getKey(), "not implemented", "-", f.getValue().clientMean(),
                        f.getValue().pooled());
            } else {
                row(out, f.getKey(), m, f.getValue().clientMean(), String.format("%.3f", f.getValue().pooled()));
            }
        }
        String best = best(measured);
        if (best != null) {
            row(out, "best (" + best + ")", measured.get(best), flambyBest(), "(" + flambyBestNames() + ")");
        }
        out.println("FLamby: " + task.source());
    }

    private static void row(PrintStream out, String name, Measured m, double flamby, String flambyPooled) {
        String client = String.format("%.3f ± %.3f", mean(m.clientMean()), std(m.clientMean()));
        out.printf("%-22s %-22s %-14s %-20.3f %s%n", name, client, String.format("%.3f", mean(m.pooled())), flamby, flambyPooled);
    }

    /** Writes {@code dir/flamby.json}: {"strategy": {"fedmed": {...}, "flamby": {...}}, ..., "best": ...} and returns its path. */
    public Path write(Path dir, Map<String, Measured> measured) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        for (Map.Entry<String, Figure> f : task.published().entrySet()) {
            ObjectNode entry = root.putObject(f.getKey());
            Measured m = measured.get(f.getKey());
            if (m == null) {
                entry.putObject("fedmed").put("status", "not implemented");
            } else {
                fedmed(entry.putObject("fedmed"), m);
            }
            flamby(entry.putObject("flamby"), f.getValue().clientMean()).put("pooled", f.getValue().pooled());
        }
        String best = best(measured);
        if (best != null) {
            ObjectNode entry = root.putObject("best");
            fedmed(entry.putObject("fedmed"), measured.get(best)).put("strategy", best);
            flamby(entry.putObject("flamby"), flambyBest()).put("strategy", "best federated strategy (" + flambyBestNames() + ")");
        }
        Path file = dir.resolve("flamby.json");
        try {
            Files.createDirectories(dir);
            mapper.writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private ObjectNode fedmed(ObjectNode n, Measured m) {
        n.put("status", "measured");
        n.put("metric", task.metric());
        n.put("client_mean", mean(m.clientMean()));
        n.put("client_mean_std", std(m.clientMean()));
        n.put("pooled", mean(m.pooled()));
        n.put("pooled_std", std(m.pooled()));
        m.clientMean().forEach(n.putArray("client_mean_per_seed")::add);
        m.pooled().forEach(n.putArray("pooled_per_seed")::add);
        n.put("setting", m.setting());
        return n;
    }

    private ObjectNode flamby(ObjectNode n, double clientMean) {
        n.put("client_mean", clientMean);
        n.put("source", task.source());
        return n;
    }

    static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Sample standard deviation over the seeds; 0 for a single seed. */
    static double std(List<Double> v) {
        if (v.size() < 2) {
            return 0;
        }
        double m = mean(v);
        double ss = v.stream().mapToDouble(x -> (x - m) * (x - m)).sum();
        return Math.sqrt(ss / (v.size() - 1));
    }
}
