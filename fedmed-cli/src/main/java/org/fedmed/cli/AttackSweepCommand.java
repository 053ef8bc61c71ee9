package org.fedmed.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fedmed.cli.report.AttackSweepHtml;
import org.fedmed.cli.report.ReportJson;
import org.fedmed.data.FederatedData;
import org.fedmed.sim.Simulation;
import org.fedmed.sim.SimulationListener;
import org.fedmed.sim.SimulationResult;
import org.fedmed.study.StudySpec;
import org.fedmed.study.StudySpecBuilder;
import org.fedmed.study.SurvivalStudy;
import org.fedmed.study.keys.KeySource;
import org.fedmed.study.keys.StudyKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fedmed attack sweep}: one study trained under every combination of attack, defence
 * (aggregator) and malicious fraction, on the same data split, to show which defence holds against
 * which attack: accuracy, ROC AUC and the backdoor's success rate per cell, as sweep.json and sweep.html.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train one study under every attack x aggregator x malicious fraction (plus the clean run per "
                + "aggregator); write DIR/sweep.json and DIR/sweep.html.")
final class AttackSweepCommand implements Callable<Integer> {

    /** One trained model of the sweep. */
    record Cell(String attack, String aggregator, double malicious, double accuracy, double rocAuc, double backdoorSuccess,
                String refused) {
    }

    /** Commas separate entries, except inside one's parameters: {@code median,multi_krum:f=2,m=6,geomed}. */
    static final String LIST = ",(?=[a-z_]+(?:[:,]|$))";

    @Option(names = "--config", paramLabel = "FILE", description = "Run spec (YAML/JSON, as for simulate) the sweep starts from.")
    Path config;
    @Option(names = "--attacks", split = LIST, defaultValue = "sign_flip:10,alie", paramLabel = "A1,A2,...",
            description = "Attacks (study key attack), e.g. sign_flip:10,alie,backdoor (default: ${DEFAULT-VALUE}).")
    List<String> attacks;
    @Option(names = "--aggregators", split = LIST, defaultValue = "mean,median", paramLabel = "G1,G2,...",
            description = "Aggregators (study key aggregator), e.g. mean,median,krum:f=2 (default: ${DEFAULT-VALUE}).")
    List<String> aggregators;
    @Option(names = "--malicious", split = ",", defaultValue = "0.2", paramLabel = "F1,F2,...",
            description = "Fractions of malicious sites (default: ${DEFAULT-VALUE}).")
    List<Double> fractions;
    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any other study key for every run, e.g. --set dataset=pneumoniamnist "
            + "--set sites=10 --set secure_aggregation=secagg+ (repeatable).")
    Map<String, String> settings = new LinkedHashMap<>();
    @Option(names = "--out", defaultValue = "runs/attack-sweep", paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Override
    public Integer call() throws Exception {
        // every cell is built before anything trains: a bad attack, aggregator or key fails here, in one line
        Map<String, StudySpec> clean = new LinkedHashMap<>();
        for (String g : aggregators) {
            clean.put(g, spec(null, g, null));
        }
        List<Object[]> cells = new ArrayList<>();
        for (String a : attacks) {
            for (double f : fractions) {
                for (String g : aggregators) {
                    cells.add(new Object[] {a, g, f});
                }
            }
        }
        OutputDirectory output = OutputDirectory.prepare(out);
        StudySpec first = clean.values().iterator().next();
        FederatedData data = Simulation.prepareData(first);
        List<Cell> results = new ArrayList<>();
        System.out.printf("%-18s %-22s %9s %10s %10s %10s%n", "attack", "aggregator", "malicious", "accuracy", "roc_auc", "backdoor");
        for (var e : clean.entrySet()) {
            results.add(print(run("none", e.getKey(), 0, e.getValue(), data)));
        }
        for (Object[] c : cells) {
            String a = (String) c[0];
            String g = (String) c[1];
            double f = (Double) c[2];
            StudySpec spec;
            try {
                spec = spec(a, g, f);
            } catch (IllegalArgumentException refused) {
                results.add(print(new Cell(a, g, f, Double.NaN, Double.NaN, Double.NaN, refused.getMessage())));
                continue;
            }
            results.add(print(run(a, g, f, spec, data)));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dataset", first.dataset());
        json.put("sites", data.sites().size());
        json.put("rounds", first.rounds());
        json.put("seed", first.seed());
        json.put("settings", settings);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Cell c : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("attack", c.attack());
            row.put("aggregator", c.aggregator());
            row.put("malicious", c.malicious());
            row.put("accuracy", finite(c.accuracy()));
            row.put("roc_auc", finite(c.rocAuc()));
            row.put("backdoor_success", finite(c.backdoorSuccess()));
            if (c.refused() != null) {
                row.put("refused", c.refused());
            }
            rows.add(row);
        }
        json.put("cells", rows);
        output.write("sweep.json", new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
        output.write("sweep.html", AttackSweepHtml.render(first.dataset(), data.sites().size(), results.stream()
                .map(c -> new AttackSweepHtml.Cell(c.attack(), c.aggregator(), c.malicious(), c.accuracy(), c.backdoorSuccess(),
                        c.refused())).toList()));
        System.out.println("sweep: " + out.resolve("sweep.json") + " and " + out.resolve("sweep.html"));
        return 0;
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static Cell run(String attack, String aggregator, double malicious, StudySpec spec, FederatedData data) {
        try {
            SimulationResult r = Simulation.withDjl().run(spec, data, SimulationListener.SILENT);
            JsonNode backdoor = ReportJson.tree(r).at("/final/attack/backdoor_success");
            return new Cell(attack, aggregator, malicious, r.federated().metrics().accuracy(), r.federated().metrics().rocAuc(),
                    backdoor.isNumber() ? backdoor.asDouble() : Double.NaN, null);
        } catch (IllegalArgumentException refused) {
            return new Cell(attack, aggregator, malicious, Double.NaN, Double.NaN, Double.NaN, refused.getMessage());
        }
    }

    private static Cell print(Cell c) {
        if (c.refused() != null) {
            System.out.printf("%-18s %-22s %9.2f refused: %s%n", c.attack(), c.aggregator(), c.malicious(), c.refused());
        } else {
            System.out.printf(Locale.ROOT, "%-18s %-22s %9.2f %10.4f %10.4f %10s%n", c.attack(), c.aggregator(), c.malicious(),
                    c.accuracy(), c.rocAuc(), Double.isNaN(c.backdoorSuccess()) ? "-" : String.format(Locale.ROOT, "%.4f", c.backdoorSuccess()));
        }
        return c;
    }

    /** The study for one cell: the run spec (if any), --set keys, then the cell's attack, aggregator and fraction. */
    private StudySpec spec(String attack, String aggregator, Double malicious) {
        StudySpecBuilder b = config == null ? new StudySpecBuilder() : RunSpecFile.read(config);
        b.baselines = false;
        settings.forEach((k, v) -> StudyKeys.apply(b, k, v, KeySource.commandLine()));
        StudyKeys.apply(b, "aggregator", aggregator, KeySource.commandLine());
        if (attack != null) {
            StudyKeys.apply(b, "attack", attack, KeySource.commandLine());
            StudyKeys.apply(b, "malicious", String.valueOf(malicious), KeySource.commandLine());
        }
        StudySpec spec = b.build();
        SurvivalStudy.refuseSurvival("fedmed attack sweep", "accuracy and backdoor success", spec);
        return spec;
    }
}
