package org.fedmed.cli.deploy;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fedmed.net.node.NodeCheck;
import org.fedmed.net.node.NodeMain;
import org.fedmed.net.transfer.Weights;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fedmed node}: a hospital's node. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = {"Run a hospital node: connect to the coordinator named in the startup kit (outbound only), train",
                "on local data when asked and send back weights, counts and aggregate metrics.",
                "",
                "--data FILE.csv: the hospital's own records. A header row names the columns; the study (the",
                "coordinator's study.data) declares the label column, its values and the feature columns, which",
                "must be numeric (missing: empty, NA or ?). The node splits its records into training and local",
                "test rows, sends only per-column aggregates of its training rows (count, sum, sum of squares) for",
                "the federated preprocessing, then trains. A malformed file stops the node with the file, line and",
                "column of the problem (exit code 1); the coordinator is told without the offending value.",
                "",
                "--data fhir:DIR --mapping FILE: the hospital's FHIR R4 resources (Bulk Data NDJSON files or",
                "Bundle .json files in DIR), turned into the study's table by the mapping (see README, \"Hospital",
                "data in FHIR\"); preview it with `fedmed data inspect fhir:DIR --mapping FILE`.",
                "",
                "--data dicom:DIR --labels FILE: the hospital's DICOM images (Part-10 files in DIR) and a CSV file",
                "with columns file,LABEL; the study's data section declares image_size, modality and view (see",
                "docs/DICOM.md); preview it with `fedmed data inspect dicom:DIR --labels FILE`.",
                "",
                "--dataset NAME: demo data. The node prepares the bundled dataset as `fedmed simulate` does and",
                "keeps its own site's part. Without --partition, --sites, --seed and test fractions it splits the",
                "data as the coordinator's welcome says; with them, the coordinator refuses a split not the study's.",
                "",
                "Study approval: the node trains only on a study its hospital approved. At the first contact it prints",
                "the study's digest and summary and the command that approves it (`fedmed node approve --kit DIR",
                "DIGEST`), keeps running and runs the study's next task once approved; or a policy.yaml in the kit",
                "lets studies that keep its rules run (see docs/DEPLOYMENT.md, \"Approving studies\")."},
        subcommands = {NodeApprovalCommands.Approve.class, NodeApprovalCommands.List.class, NodeApprovalCommands.Revoke.class})
public final class NodeCommand implements Callable<Integer> {

    @Option(names = "--kit", paramLabel = "DIR", description = "This site's startup kit (from `fedmed provision`).")
    Path kit;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Source source;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Exactly one of the hospital's own file and a bundled demo dataset. */
    static final class Source {
        @Option(names = "--data", paramLabel = "FILE.csv|fhir:DIR|dicom:DIR", description = "The hospital's own records: a CSV"
                + " file with a header row, fhir:DIR, a folder of FHIR R4 Bundles / Bulk Data NDJSON (with --mapping), or dicom:DIR,"
                + " a folder of DICOM images (with --labels).")
        Path data;

        @Option(names = "--dataset", paramLabel = "NAME", description = "Bundled dataset (demo data path).")
        String dataset;
    }

    @Option(names = "--mapping", paramLabel = "FILE", description = "With --data fhir:DIR: the YAML mapping from FHIR resources"
            + " to the study's columns.")
    Path mapping;

    @Option(names = "--labels", paramLabel = "FILE", description = "With --data dicom:DIR: the CSV file (file,LABEL) giving each"
            + " image's class.")
    Path labels;

    @Option(names = "--partition", paramLabel = "P", description = "Demo data: partition, as in `fedmed simulate` (default: the dataset's).")
    String partition;

    @Option(names = "--sites", paramLabel = "N", description = "Demo data: number of sites of the partition (default: the dataset's).")
    Integer sites;

    @Option(names = "--seed", paramLabel = "S", description = "Demo data: seed of the split (default: the study's).")
    Long seed;

    @Option(names = "--test-fraction", paramLabel = "F", description = "Demo data: global test share, as in the study (default 0.2).")
    Double testFraction;

    @Option(names = "--site-test-fraction", paramLabel = "F", description = "Demo data: site test share, as in the study (default 0.2).")
    Double siteTestFraction;

    @Option(names = "--give-up-seconds", defaultValue = "3600", paramLabel = "T",
            description = "Stop after this long without a working connection (default: ${DEFAULT-VALUE}).")
    long giveUp;
    @Option(names = "--dp-budget", paramLabel = "EPSILON", description = "This hospital's sample-level privacy budget: the node "
            + "refuses non-private training and any DP-SGD round that would take its epsilon past this (its ledger is kept in the kit"
            + " directory, privacy-ledger.txt).")
    Double dpBudget;
    @Option(names = "--dp-delta", defaultValue = "1e-5", paramLabel = "DELTA", description = "Delta of the budget (default: ${DEFAULT-VALUE});"
            + " with a budget, a study that states another delta is refused.")
    double dpDelta;
    @Option(names = "--dp-max-clip", paramLabel = "C", description = "With a budget: refuse DP-SGD whose clip norm is above C (default: no ceiling).")
    String dpMaxClip;
    @Option(names = "--dp-min-noise", paramLabel = "SIGMA", description = "With a budget: refuse DP-SGD whose noise multiplier is below SIGMA"
            + " (default: no floor beyond the budget).")
    String dpMinNoise;
    @Option(names = "--dp-evaluation", paramLabel = "off|noisy", description = "With a budget: refuse evaluations (off, the default) or"
            + " release a noisy confusion matrix without loss and AUC (noisy; each one booked in the ledger).")
    String dpEvaluation;
    @Option(names = "--dp-evaluation-noise", paramLabel = "SIGMA", description = "Noise multiplier of a noisy evaluation (default 10).")
    String dpEvaluationNoise;
    @Option(names = "--dp-statistics-noise", paramLabel = "SIGMA", description = "Noise multiplier of the own-data statistics step"
            + " (default 4); the study must declare a range for every feature.")
    String dpStatisticsNoise;
    @Option(names = "--require-secure-aggregation", description = "Refuse every fit task whose update would leave this node in"
            + " the clear: take part only in secure rounds (the study's secure_aggregation: secagg+).")
    boolean requireSecureAggregation;

    @Option(names = "--check", description = "Dry run: check the kit (files, key permissions, certificate dates and issuer), the"
            + " data source and the coordinator (reachable, accepts this node's certificate), one line each; joins no study."
            + " Exit code 0 when every check passed.")
    boolean check;

    @Mixin
    ServiceLog log = new ServiceLog();

    @Override
    public Integer call() throws Exception {
        if (kit == null || source == null) {
            // required here but not for the approve / approvals / revoke-approval subcommands
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "node needs --kit DIR and one of --data and"
                    + " --dataset (or a subcommand: approve, approvals, revoke-approval)");
        }
        PrintStream console = log.console();
        if (source.data != null && (partition != null || sites != null || testFraction != null || siteTestFraction != null)) {
            throw new IllegalArgumentException("--partition, --sites and the test fractions are for demo data; with --data the"
                    + " study's settings (site_test_fraction, seed) come from the coordinator");
        }
        Map<String, String> policy = new LinkedHashMap<>();
        putIfGiven(policy, "--dp-max-clip", dpMaxClip);
        putIfGiven(policy, "--dp-min-noise", dpMinNoise);
        putIfGiven(policy, "--dp-evaluation", dpEvaluation);
        putIfGiven(policy, "--dp-evaluation-noise", dpEvaluationNoise);
        putIfGiven(policy, "--dp-statistics-noise", dpStatisticsNoise);
        NodeMain.Options options = new NodeMain.Options(kit, source.data, source.dataset, partition, sites, seed, testFraction,
                siteTestFraction, Weights.DEFAULT_CHUNK_BYTES, Duration.ofSeconds(giveUp), dpBudget,
                NodeMain.policy(dpBudget, dpDelta, policy), requireSecureAggregation).withMapping(mapping).withLabels(labels);
        if (check) {
            return NodeCheck.run(options, console);
        }
        // SIGTERM: the node's privacy ledger is written before anything leaves it, so stopping loses nothing
        AtomicBoolean finished = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!finished.get()) {
                console.println("node stopping on a signal; its privacy ledger is up to date; start it again to rejoin the study");
            }
        }, "fedmed-node-stop"));
        try {
            return NodeMain.run(options, console);
        } finally {
            finished.set(true);
        }
    }

    private static void putIfGiven(Map<String, String> options, String key, String value) {
        if (value != null) {
            options.put(key, value);
        }
    }
}
