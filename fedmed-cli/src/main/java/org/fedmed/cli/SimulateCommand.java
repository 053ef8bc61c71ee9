package org.fedmed.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fedmed.cli.report.ReportHtml;
import org.fedmed.cli.report.ReportJson;
import org.fedmed.data.FederatedData;
import org.fedmed.sim.Simulation;
import org.fedmed.sim.SimulationResult;
import org.fedmed.sim.SimulationSpec;
import org.fedmed.sim.SimulationSpecBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fedmed simulate}: an in-process federation of simulated hospitals, with baselines and a report. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Simulate hospitals training one model together, compare with centralized and local-only training,",
                "and write DIR/report.json and DIR/report.html. Unset options take the dataset's defaults (see `fedmed datasets`)."})
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Run spec (YAML or JSON); command-line options override it.")
    Path config;
    @Option(names = "--dataset", description = "wdbc (default), cardio, heart, pima, pneumoniamnist, breastmnist.")
    String dataset;
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the datasets are (default: ./datasets).")
    Path dataDir;
    @Option(names = "--sites", description = "Number of simulated hospitals.")
    Integer sites;
    @Option(names = "--partition", description = "iid, dirichlet:<alpha>, quantity:<beta> or natural.")
    String partition;
    @Option(names = "--strategy", description = "fedavg, fedavgm, fedprox, fedadam, fedyogi, fedadagrad.")
    String strategy;
    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "Strategy parameter, e.g. mu=0.01, eta=0.1, server_momentum=0.9.")
    Map<String, Double> params;
    @Option(names = "--mu", description = "FedProx proximal coefficient (same as --param mu=...).")
    Double mu;
    @Option(names = "--rounds", description = "Federated rounds.")
    Integer rounds;
    @Option(names = "--local-epochs", description = "Local epochs per round.")
    Integer localEpochs;
    @Option(names = "--batch-size", description = "Local mini-batch size.")
    Integer batchSize;
    @Option(names = "--lr", description = "Local learning rate.")
    Double lr;
    @Option(names = "--optimizer", description = "sgd or adam.")
    String optimizer;
    @Option(names = "--momentum", description = "SGD momentum.")
    Double momentum;
    @Option(names = "--weight-decay", description = "L2 weight decay.")
    Double weightDecay;
    @Option(names = "--lr-schedule", description = "constant, step:<factor>:<every> or cosine[:<rounds>[:<min>]].")
    String schedule;
    @Option(names = "--balance-classes", negatable = true, description = "Weight the loss by inverse class frequency.")
    Boolean balanceClasses;
    @Option(names = "--model", description = "logreg, mlp, cnn or resnet.")
    String model;
    @Option(names = "--hidden", split = ",", description = "MLP hidden widths, e.g. 64,32.")
    List<Integer> hidden;
    @Option(names = "--dropout", description = "Dropout rate.")
    Double dropout;
    @Option(names = "--weighting", description = "Aggregation weights: samples (default), validation or quality.")
    String weighting;
    @Option(names = "--fraction", description = "Fraction of sites sampled per round.")
    Double fraction;
    @Option(names = "--min-sites", description = "Fewest sites a round needs.")
    Integer minSites;
    @Option(names = "--test-fraction", description = "Share held out as the global test set (default 0.2).")
    Double testFraction;
    @Option(names = "--site-test-fraction", description = "Share of each site's data held out as its own test set (default 0.2).")
    Double siteTestFraction;
    @Option(names = "--seed", description = "Seed for splits, initialization and training (default 42).")
    Long seed;
    @Option(names = "--baselines", negatable = true, description = "Also train centralized and local-only baselines (default: yes).")
    Boolean baselines;
    @Option(names = "--dp-level", description = "Differential privacy level: client (DP-FedAvg on site updates, default) "
            + "or sample (DP-SGD at every site: per-example clipping, Poisson sampling, a privacy budget per site).")
    String dpLevel;
    @Option(names = "--dp-noise", paramLabel = "SIGMA", description = "DP: Gaussian noise multiplier (in units of the clip norm).")
    Double dpNoise;
    @Option(names = "--dp-clip", paramLabel = "C", description = "DP clip norm: of each site's update (client level; initial "
            + "norm with --dp-quantile) or of each example's gradient (sample level).")
    Double dpClip;
    @Option(names = "--dp-mode", description = "Client-level DP noise: central (default) or distributed.")
    String dpMode;
    @Option(names = "--dp-quantile", description = "Adaptive clipping: the quantile of update norms the clip norm tracks.")
    Double dpQuantile;
    @Option(names = "--dp-noise-schedule", paramLabel = "SPEC", description = "Client-level DP: the noise multiplier over rounds, "
            + "from --dp-noise: constant (default), linear:<last sigma>, step:<factor>:<every rounds>; accounted round by round.")
    String dpNoiseSchedule;
    @Option(names = "--dp-layer-noise", split = ",", paramLabel = "S1,S2,...", description = "Client-level DP: one noise "
            + "multiplier per model tensor (per-layer clipping, the clip norm split evenly); replaces --dp-noise.")
    List<Double> dpLayerNoise;
    @Option(names = "--dp-epsilon", description = "DP budget: of the study (client level) or of each site (sample level). "
            + "Calibrates the noise multiplier when --dp-noise is not given. Client level refuses a --dp-noise that would "
            + "overspend it; sample level stops a site whose next round would exceed it (and refuses a noise multiplier "
            + "that lets no site train), before training.")
    Double dpEpsilon;
    @Option(names = "--dp-delta", description = "DP delta (default 1e-5; sample level: must be below 1/(a site's training examples)).")
    Double dpDelta;
    @Option(names = "--dp-seeded-noise", negatable = true,
            description = "Draw DP noise from the run seed so the run repeats (default; gives no real privacy). --no-dp-seeded-noise uses SecureRandom.")
    Boolean dpSeededNoise;
    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: runs/<dataset>-<strategy>).")
    Path out;

    @Override
    public Integer call() throws Exception {
        SimulationSpecBuilder b = config == null ? new SimulationSpecBuilder() : RunSpecFile.read(config);
        applyOptions(b);
        SimulationSpec spec = b.build();
        Path outDir = out != null ? out : Path.of("runs", spec.dataset() + "-" + spec.strategy());
        OutputDirectory output = OutputDirectory.prepare(outDir);
        // Data are read and checked before anything trains, so bad input fails fast.
        FederatedData data = Simulation.prepareData(spec);
        ProgressPrinter progress = new ProgressPrinter(System.out, spec.rounds());
        SimulationResult result = Simulation.withDjl().run(spec, data, progress);
        String json = ReportJson.render(result);
        String html = ReportHtml.render(result);
        output.write("report.json", json);
        output.write("report.html", html);
        ResultsTable.print(System.out, result);
        System.out.println("report: " + outDir.resolve("report.json") + " and " + outDir.resolve("report.html"));
        return 0;
    }

    private void applyOptions(SimulationSpecBuilder b) {
        if (dataset != null) {
            b.dataset = dataset;
        }
        if (dataDir != null) {
            b.dataRoot = dataDir;
        }
        b.sites = sites != null ? sites : b.sites;
        b.partition = partition != null ? partition : b.partition;
        b.strategy = strategy != null ? strategy : b.strategy;
        if (params != null) {
            b.strategyParams.putAll(params);
        }
        if (mu != null) {
            b.strategyParams.put("mu", mu);
        }
        b.rounds = rounds != null ? rounds : b.rounds;
        b.localEpochs = localEpochs != null ? localEpochs : b.localEpochs;
        b.batchSize = batchSize != null ? batchSize : b.batchSize;
        b.learningRate = lr != null ? lr : b.learningRate;
        b.optimizer = optimizer != null ? optimizer : b.optimizer;
        b.momentum = momentum != null ? momentum : b.momentum;
        b.weightDecay = weightDecay != null ? weightDecay : b.weightDecay;
        b.schedule = schedule != null ? schedule : b.schedule;
        b.balanceClasses = balanceClasses != null ? balanceClasses : b.balanceClasses;
        b.model = model != null ? model : b.model;
        b.hiddenUnits = hidden != null ? hidden : b.hiddenUnits;
        b.dropout = dropout != null ? dropout : b.dropout;
        b.weighting = weighting != null ? weighting : b.weighting;
        b.fraction = fraction != null ? fraction : b.fraction;
        b.minSites = minSites != null ? minSites : b.minSites;
        b.testFraction = testFraction != null ? testFraction : b.testFraction;
        b.siteTestFraction = siteTestFraction != null ? siteTestFraction : b.siteTestFraction;
        b.seed = seed != null ? seed : b.seed;
        b.baselines = baselines != null ? baselines : b.baselines;
        b.dpLevel = dpLevel != null ? dpLevel : b.dpLevel;
        b.dpNoise = dpNoise != null ? dpNoise : b.dpNoise;
        b.dpClip = dpClip != null ? dpClip : b.dpClip;
        b.dpMode = dpMode != null ? dpMode : b.dpMode;
        b.dpQuantile = dpQuantile != null ? dpQuantile : b.dpQuantile;
        b.dpNoiseSchedule = dpNoiseSchedule != null ? dpNoiseSchedule : b.dpNoiseSchedule;
        b.dpLayerNoise = dpLayerNoise != null ? dpLayerNoise : b.dpLayerNoise;
        b.dpDelta = dpDelta != null ? dpDelta : b.dpDelta;
        b.dpEpsilon = dpEpsilon != null ? dpEpsilon : b.dpEpsilon;
        b.dpSeededNoise = dpSeededNoise != null ? dpSeededNoise : b.dpSeededNoise;
    }
}
