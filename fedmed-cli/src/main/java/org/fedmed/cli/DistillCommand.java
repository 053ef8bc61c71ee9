package org.fedmed.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fedmed.cli.report.DistillationReport;
import org.fedmed.core.training.DistillConfig;
import org.fedmed.data.FederatedData;
import org.fedmed.sim.Simulation;
import org.fedmed.sim.distill.FedDfResult;
import org.fedmed.sim.distill.FedDfSimulation;
import org.fedmed.sim.distill.FedDfSpec;
import org.fedmed.study.StudySpec;
import org.fedmed.study.StudySpecBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fedmed distill}: FedDF in simulation. A command of its own rather than study keys: sites with
 * different architectures cannot be deployed (a node trains the one model its coordinator sends), so
 * no run spec or federation.yaml can ask for it.
 */
@Command(name = "distill", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Knowledge distillation across architectures (FedDF, Lin et al. 2020), in simulation: each",
                "architecture's sites run FedAvg among themselves, then the coordinator distills the ensemble of the",
                "group models into each of them on unlabeled proxy data. With baselines on, FedAvg with every site on",
                "one architecture runs beside it, per architecture. Writes DIR/report.json (section `distillation`).",
                "Study options as `fedmed simulate` (strategy fedavg only)."})
final class DistillCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Run spec (YAML or JSON); command-line options override it.")
    Path config;
    @Option(names = "--site-models", required = true, paramLabel = "A,B,...",
            description = "Architectures handed to the sites in turn, e.g. cnn,resnet (site 1 cnn, site 2 resnet, site 3 cnn, ...).")
    String siteModels;
    @Option(names = "--proxy", paramLabel = "N", description = "Unlabeled proxy examples taken from the sites' training data (default: ${DEFAULT-VALUE}).")
    int proxy = 500;
    @Option(names = "--distill-steps", paramLabel = "N", description = "Adam steps per architecture per round (default: ${DEFAULT-VALUE}).")
    int steps = 200;
    @Option(names = "--distill-batch", paramLabel = "B", description = "Proxy examples per step (default: ${DEFAULT-VALUE}).")
    int batch = 64;
    @Option(names = "--distill-lr", paramLabel = "LR", description = "Adam's learning rate for distillation (default: ${DEFAULT-VALUE}).")
    double lr = 1e-3;
    @Option(names = "--temperature", paramLabel = "T", description = "Softmax temperature of teacher and student (default: ${DEFAULT-VALUE}).")
    double temperature = 1.0;
    // every study key is an option too, added from StudyKeys by StudyOptions
    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: runs/distill-<dataset>).")
    Path out;
    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        StudySpecBuilder b = config == null ? new StudySpecBuilder() : RunSpecFile.read(config);
        StudyOptions.apply(command, b);
        StudySpec spec = b.build();
        FedDfSpec fedDf = new FedDfSpec(FedDfSpec.parseModels(siteModels), proxy, new DistillConfig(steps, batch, lr, temperature, spec.seed()));
        FedDfSimulation.check(spec);
        Path outDir = out != null ? out : Path.of("runs", "distill-" + spec.dataset());
        OutputDirectory output = OutputDirectory.prepare(outDir);
        FederatedData data = Simulation.prepareData(spec);
        FedDfResult r = FedDfSimulation.withDjl().run(spec, fedDf, data, new ProgressPrinter(System.out, spec.rounds()));
        output.write("report.json", DistillationReport.json(r));
        DistillationReport.print(System.out, r);
        System.out.println("report: " + outDir.resolve("report.json"));
        return 0;
    }
}
