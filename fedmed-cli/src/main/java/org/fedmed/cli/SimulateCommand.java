package org.fedmed.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fedmed.cli.report.ContributionReport;
import org.fedmed.cli.report.ModelCardWriter;
import org.fedmed.cli.report.OwnDataSimulationReport;
import org.fedmed.cli.report.ReportHtml;
import org.fedmed.cli.report.ReportJson;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.data.FederatedData;
import org.fedmed.learn.DjlTrainer;
import org.fedmed.sim.OwnDataSimulation;
import org.fedmed.sim.Simulation;
import org.fedmed.sim.SimulationResult;
import org.fedmed.study.StudySpec;
import org.fedmed.study.StudySpecBuilder;
import org.fedmed.study.keys.KeySource;
import org.fedmed.study.keys.StudyKeys;
import org.fedmed.study.model.SavedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fedmed simulate}: an in-process federation of simulated hospitals, with baselines and a report. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Simulate hospitals training one model together, compare with centralized and local-only training,",
                "and write DIR/report.json and DIR/report.html. Unset options take the dataset's defaults (see `fedmed datasets`)."})
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Run spec (YAML or JSON); command-line options override it.")
    Path config;
    @Option(names = "--mu", description = "FedProx proximal coefficient (same as --param mu=...).")
    Double mu;
    // every study key is an option too (--dataset, --rounds, --lr, --dp-clip, ...), added from StudyKeys by StudyOptions
    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: runs/<dataset>-<strategy>).")
    Path out;
    @Option(names = "--no-onnx", description = "Do not export the final model to DIR/model.onnx (the model card is written anyway).")
    boolean noOnnx;
    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        StudySpec spec = builder().build();
        Path outDir = out != null ? out : Path.of("runs", spec.dataset() + "-" + spec.strategy());
        if (spec.ownData() != null) {
            return simulateOwnData(spec, outDir);
        }
        OutputDirectory output = OutputDirectory.prepare(outDir);
        // Data are read and checked before anything trains, so bad input fails fast.
        FederatedData data = Simulation.prepareData(spec);
        ProgressPrinter progress = new ProgressPrinter(System.out, spec.rounds());
        SimulationResult result = Simulation.withDjl().run(spec, data, progress);
        String json = ReportJson.render(result);
        String html = ReportHtml.render(result);
        output.write("report.json", json);
        output.write("report.html", html);
        SavedModel model = SavedModel.of(result.model(), data, spec.dataset(), result.federation().finalWeights());
        model.write(outDir.resolve("model"));
        ResultsTable.print(System.out, result);
        System.out.println("report: " + outDir.resolve("report.json") + " and " + outDir.resolve("report.html"));
        System.out.println("model: " + outDir.resolve("model") + " (start a later study from it with --init-from)");
        ModelCardWriter.write(outDir, json, model, spec, !noOnnx).forEach(System.out::println);
        return 0;
    }

    /**
     * A study on the hospitals' own files: the simulated hospitals run the statistics step, the
     * federation trains on the merged preprocessing and each site evaluates on its own test split,
     * as in a deployment of the same study.
     */
    private int simulateOwnData(StudySpec spec, Path outDir) {
        if (spec.siteFiles().isEmpty()) {
            throw new IllegalArgumentException("a simulated study with a data section needs site_files: {site id: FILE.csv, ...}"
                    + " (one CSV file per simulated hospital)");
        }
        OutputDirectory output = OutputDirectory.prepare(outDir);
        ProgressPrinter progress = new ProgressPrinter(System.out, spec.rounds());
        OwnDataSimulation.Result r = OwnDataSimulation.run(spec, spec.siteFiles(), model -> DjlTrainer.builder().model(model).build(),
                progress);
        String json = OwnDataSimulationReport.json(spec, r);
        output.write("report.json", json);
        if (!r.federation().rounds().isEmpty()) {
            System.out.println("Federated model on each site's own test set");
            for (SiteEvaluation e : r.federation().lastRound().siteEvaluations()) {
                System.out.printf(Locale.ROOT, "%-24s accuracy %.4f  auc %.4f  n %d%n", e.siteId(), e.result().metrics().accuracy(),
                        e.result().metrics().rocAuc(), e.result().samples());
            }
        }
        if (r.contribution() != null) {
            ContributionReport.console(System.out, r.contribution());
        }
        System.out.println("report: " + outDir.resolve("report.json"));
        ModelCardWriter.write(outDir, json, null, spec, false).forEach(System.out::println);
        return 0;
    }

    /** The study as the run spec (if any) and then the options give it. */
    StudySpecBuilder builder() {
        StudySpecBuilder b = config == null ? new StudySpecBuilder() : RunSpecFile.read(config);
        StudyOptions.apply(command, b);
        if (mu != null) {
            StudyKeys.apply(b, "params", Map.of("mu", mu), KeySource.commandLine());
        }
        return b;
    }
}
