package org.fedmed.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fedmed.cli.report.PrivacySweepHtml;
import org.fedmed.data.FederatedData;
import org.fedmed.sim.Simulation;
import org.fedmed.sim.SimulationListener;
import org.fedmed.sim.SimulationResult;
import org.fedmed.study.StudySpec;
import org.fedmed.study.StudySpecBuilder;
import org.fedmed.study.SurvivalStudy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fedmed privacy sweep}: the same study trained without DP and at several noise multipliers or
 * target ε (client level or sample level), on the same data split, to show what each ε costs in accuracy.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train one study without DP and with DP at several noise multipliers or target epsilons; "
                + "write DIR/sweep.json and DIR/sweep.html (privacy-accuracy trade-off).")
final class PrivacySweepCommand implements Callable<Integer> {

    /** One point of the trade-off; sigma and epsilon are NaN / infinite for the non-private run. */
    record Point(double noiseMultiplier, double epsilon, double accuracy, double rocAuc) {
    }

    @Option(names = "--config", paramLabel = "FILE", description = "Run spec (YAML/JSON, as for simulate) the sweep starts from.")
    Path config;
    @Option(names = "--dataset", description = "Dataset (default: the run spec's, else wdbc).")
    String dataset;
    @Option(names = "--rounds", description = "Federated rounds (default: the dataset's).")
    Integer rounds;
    @Option(names = "--dp-level", defaultValue = "client", description = "client (DP-FedAvg) or sample (DP-SGD at every site).")
    String level;
    @Option(names = "--noise-multipliers", split = ",", paramLabel = "S1,S2,...",
            description = "Noise multipliers to train at, e.g. 0.5,1,2.")
    List<Double> sigmas;
    @Option(names = "--epsilons", split = ",", paramLabel = "E1,E2,...",
            description = "Target epsilons to train at (the noise is calibrated to each), e.g. 1,3,8.")
    List<Double> epsilons;
    @Option(names = "--dp-clip", defaultValue = "1.0", description = "Clip norm of each site's update or, at sample level, "
            + "of each example's gradient (default: ${DEFAULT-VALUE}).")
    double clip;
    @Option(names = "--dp-delta", defaultValue = "1e-5", description = "Delta (default: ${DEFAULT-VALUE}).")
    double delta;
    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--out", defaultValue = "runs/privacy-sweep", paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if ((sigmas == null) == (epsilons == null)) {
            throw new IllegalArgumentException("give either --noise-multipliers or --epsilons");
        }
        List<StudySpec> specs = new ArrayList<>();
        specs.add(spec(null, null));
        if (sigmas != null) {
            for (double s : sigmas) {
                specs.add(spec(s, null));
            }
        } else {
            for (double e : epsilons) {
                specs.add(spec(null, e));
            }
        }
        OutputDirectory output = OutputDirectory.prepare(out);
        String dataset = specs.get(0).dataset();
        FederatedData data = Simulation.prepareData(specs.get(0));
        List<Point> points = new ArrayList<>();
        System.out.printf("%-18s %12s %10s %10s%n", "noise multiplier", "epsilon", "accuracy", "roc_auc");
        for (StudySpec spec : specs) {
            SimulationResult r = Simulation.withDjl().run(spec, data, SimulationListener.SILENT);
            // the largest σ any site used (client level: the one σ; sample level: per-site σ may differ)
            Point p = new Point(r.privacy() == null ? Double.NaN : r.privacy().rounds().get(0).noiseMultiplier(),
                    r.privacy() == null ? Double.POSITIVE_INFINITY : r.privacy().finalEpsilon(),
                    r.federated().metrics().accuracy(), r.federated().metrics().rocAuc());
            points.add(p);
            System.out.printf(Locale.ROOT, "%-18s %12.4f %10.4f %10.4f%n", Double.isNaN(p.noiseMultiplier()) ? "none (no DP)"
                    : String.format(Locale.ROOT, "%.4g", p.noiseMultiplier()), p.epsilon(), p.accuracy(), p.rocAuc());
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dataset", dataset);
        json.put("level", level);
        json.put("rounds", specs.get(0).rounds());
        json.put("clip_norm", clip);
        json.put("delta", delta);
        json.put("seed", seed);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Point p : points) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("noise_multiplier", Double.isNaN(p.noiseMultiplier()) ? null : p.noiseMultiplier());
            row.put("epsilon", Double.isInfinite(p.epsilon()) ? null : p.epsilon());
            row.put("accuracy", p.accuracy());
            row.put("roc_auc", Double.isFinite(p.rocAuc()) ? p.rocAuc() : null);
            rows.add(row);
        }
        json.put("points", rows);
        String jsonText = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json);
        String html = PrivacySweepHtml.render(dataset, level, delta, clip, points.stream()
                .map(p -> new PrivacySweepHtml.Point(p.noiseMultiplier(), p.epsilon(), p.accuracy(), p.rocAuc())).toList());
        output.write("sweep.json", jsonText);
        output.write("sweep.html", html);
        System.out.println("sweep: " + out.resolve("sweep.json") + " and " + out.resolve("sweep.html"));
        return 0;
    }

    private StudySpec spec(Double sigma, Double epsilon) {
        StudySpecBuilder b = config == null ? new StudySpecBuilder() : RunSpecFile.read(config);
        if (dataset != null) {
            b.dataset = dataset;
        }
        if (rounds != null) {
            b.rounds = rounds;
        }
        b.seed = seed;
        b.baselines = false;
        b.dpNoise = null;
        b.dpEpsilon = null;
        b.dpClip = null;
        if (sigma != null || epsilon != null) {
            b.dpLevel = level;
            b.dpNoise = sigma;
            b.dpEpsilon = epsilon;
            b.dpClip = clip;
            b.dpDelta = delta;
        } else {
            b.dpLevel = null;
        }
        StudySpec spec = b.build();
        SurvivalStudy.refuseSurvival("fedmed privacy sweep", "accuracy", spec);
        return spec;
    }
}
