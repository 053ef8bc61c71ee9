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
import org.fedmed.bench.flamby.FlambyHeartBenchmark.Measured;
import org.fedmed.bench.flamby.FlambyHeartBenchmark.Options;

/**
 * FedMed's Fed-Heart-Disease figures beside FLamby's: the table on stdout and {@code flamby.json}.
 * FLamby's side is its published client_mean accuracy; SCAFFOLD and Cyclic have no FedMed
 * counterpart yet and are shown as not implemented rather than approximated.
 */
public final class FlambyHeartReport {

    /** Where FLamby's figures come from. */
    public static final String SOURCE = "FLamby (Ogier du Terrail et al., NeurIPS 2022 Datasets and Benchmarks),"
            + " Fed-Heart-Disease: mean over 5 seeds of the average of the 4 hospitals' test accuracies, as quoted in FedMed issue 11";

    /** FLamby's published figure per strategy (FedMed's names). */
    public static final Map<String, Double> FLAMBY = flamby();

    /** The FedMed strategies measured; {@code best} is chosen among them. */
    private static final List<String> FEDERATED = List.of("fedavg", "fedprox", "scaffold", "cyclic", "fedadam", "fedyogi", "fedadagrad");

    private FlambyHeartReport() {
    }

    private static Map<String, Double> flamby() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("pooled", 0.735);
        m.put("fedavg", 0.685);
        m.put("fedprox", 0.685);
        m.put("scaffold", 0.684);
        m.put("cyclic", 0.718);
        m.put("fedadam", 0.726);
        m.put("fedadagrad", 0.731);
        m.put("fedyogi", 0.731);
        return m;
    }

    /** FedMed's strategy with the highest mean client_mean over the seeds. */
    public static String best(Map<String, Measured> measured) {
        String best = null;
        for (String s : FEDERATED) {
            if (measured.containsKey(s) && (best == null || mean(measured.get(s).clientMean()) > mean(measured.get(best).clientMean()))) {
                best = s;
            }
        }
        return best;
    }

    /** FLamby's best federated figure (strategies other than the pooled baseline). */
    static double flambyBest() {
        return FLAMBY.entrySet().stream().filter(e -> !e.getKey().equals("pooled")).mapToDouble(Map.Entry::getValue).max()
                .orElseThrow();
    }

    public static void print(PrintStream out, Map<String, Measured> measured, Options o) {
        out.printf("%nFLamby Fed-Heart-Disease, accuracy; FedMed: mean ± std over %d seed(s), %d rounds x %d local steps%n",
                o.seeds(), o.rounds(), o.localSteps());
        out.printf("%-22s %-22s %-14s %s%n", "strategy", "FedMed client_mean", "FedMed pooled", "FLamby client_mean");
        for (Map.Entry<String, Double> f : FLAMBY.entrySet()) {
            Measured m = measured.get(f.getKey());
            if (m == null) {
                out.printf("%-22s %-22s %-14s %.3f%n", f.getKey(), "not implemented", "-", f.getValue());
            } else {
                row(out, f.getKey(), m, f.getValue());
            }
        }
        String best = best(measured);
        if (best != null) {
            row(out, "best (" + best + ")", measured.get(best), flambyBest());
        }
        out.println("FLamby: " + SOURCE);
    }

    private static void row(PrintStream out, String name, Measured m, double flamby) {
        String client = String.format("%.3f ± %.3f", mean(m.clientMean()), std(m.clientMean()));
        out.printf("%-22s %-22s %-14s %.3f%n", name, client, String.format("%.3f", mean(m.pooled())), flamby);
    }

    /** Writes {@code dir/flamby.json}: {"strategy": {"fedmed": {...}, "flamby": {...}}} and returns its path. */
    public static Path write(Path dir, Map<String, Measured> measured) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        for (Map.Entry<String, Double> f : FLAMBY.entrySet()) {
            ObjectNode entry = root.putObject(f.getKey());
            Measured m = measured.get(f.getKey());
            if (m == null) {
                entry.putObject("fedmed").put("status", "not implemented");
            } else {
                fedmed(entry.putObject("fedmed"), m);
            }
            flamby(entry.putObject("flamby"), f.getValue());
        }
        String best = best(measured);
        if (best != null) {
            ObjectNode entry = root.putObject("best");
            fedmed(entry.putObject("fedmed"), measured.get(best)).put("strategy", best);
            flamby(entry.putObject("flamby"), flambyBest()).put("strategy", "best federated strategy (FedAdagrad, FedYogi)");
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

    private static ObjectNode fedmed(ObjectNode n, Measured m) {
        n.put("status", "measured");
        n.put("client_mean", mean(m.clientMean()));
        n.put("client_mean_std", std(m.clientMean()));
        n.put("pooled", mean(m.pooled()));
        n.put("pooled_std", std(m.pooled()));
        m.clientMean().forEach(n.putArray("client_mean_per_seed")::add);
        m.pooled().forEach(n.putArray("pooled_per_seed")::add);
        n.put("setting", m.setting());
        return n;
    }

    private static ObjectNode flamby(ObjectNode n, double figure) {
        n.put("client_mean", figure);
        n.put("source", SOURCE);
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
