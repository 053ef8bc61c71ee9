package org.fedmed.net.node;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.fedmed.core.privacy.accounting.Checks;
import org.fedmed.core.privacy.budget.NodePrivacyPolicy;
import org.fedmed.data.DatasetCatalog;
import org.fedmed.data.read.TableSource;
import org.fedmed.dicom.DicomTableSource;
import org.fedmed.fhir.FhirTableSource;
import org.fedmed.net.GrpcLogging;
import org.fedmed.net.node.approval.StudyGate;
import org.fedmed.net.provision.KitCheck;
import org.fedmed.net.provision.NodeKit;
import org.fedmed.net.transfer.Weights;
import org.fedmed.study.DataSplit;
import org.fedmed.study.StudyAssembly;
import org.fedmed.study.StudySpecBuilder;

/**
 * A hospital node as a process:
 * {@code java -cp ... org.fedmed.net.node.NodeMain --kit DIR (--data FILE.csv | --data fhir:DIR --mapping FILE | --data dicom:DIR --labels FILE | --dataset NAME [--partition P] [--sites N] [--seed S])}.
 *
 * <p>Own data ({@code --data}): the node reads the hospital's CSV file under the schema the
 * coordinator's study declares, takes part in the federated preprocessing and trains on its own
 * records (see {@link OwnFileData}). Demo data ({@code --dataset}): the node prepares the federated
 * dataset exactly as the simulation does ({@link StudyAssembly#bundledData}) and keeps only its own
 * site's part (the site id from its kit).
 */
public final class NodeMain {

    private static final String USAGE = "usage: NodeMain --kit DIR (--data FILE.csv | --data fhir:DIR --mapping FILE | --data dicom:DIR --labels FILE"
            + " | --dataset NAME [--partition P] [--sites N]"
            + " [--seed S]) [--give-up-seconds T] [--dp-budget EPSILON [--dp-delta DELTA] [--dp-max-clip C] [--dp-min-noise SIGMA]"
            + " [--dp-evaluation off|noisy] [--dp-evaluation-noise SIGMA] [--dp-statistics-noise SIGMA]]"
            + " [--require-secure-aggregation]";

    private NodeMain() {
    }

    /**
     * Options of a node: {@code data} (own records) or {@code dataset} (demo data, with the
     * partition settings of the study), exactly one of them.
     *
     * @param dpBudget the node's ε budget, or null: DP-SGD rounds are accounted, nothing is refused
     * @param dpPolicy what the node accepts under its budget; its δ is the ledger's in any case
     * @param requireSecureAggregation the node refuses every fit task whose update would leave it in the clear
     * @param mapping  with {@code --data fhir:DIR}: the mapping that turns the folder's resources into the table, else null
     * @param labels   with {@code --data dicom:DIR}: the CSV file giving each image's class, else null
     */
    public record Options(Path kit, Path data, String dataset, String partition, Integer sites, Long seed, Double testFraction,
                          Double siteTestFraction, int chunkBytes, Duration giveUpAfter, Double dpBudget,
                          NodePrivacyPolicy dpPolicy, boolean requireSecureAggregation, Path mapping, Path labels) {

        /** A node whose {@code --data} is a CSV file or demo data (no FHIR mapping). */
        public Options(Path kit, Path data, String dataset, String partition, Integer sites, Long seed, Double testFraction,
                       Double siteTestFraction, int chunkBytes, Duration giveUpAfter, Double dpBudget,
                       NodePrivacyPolicy dpPolicy, boolean requireSecureAggregation) {
            this(kit, data, dataset, partition, sites, seed, testFraction, siteTestFraction, chunkBytes, giveUpAfter, dpBudget,
                    dpPolicy, requireSecureAggregation, null, null);
        }

        /** A node that takes part in secure rounds when asked but does not require them. */
        public Options(Path kit, Path data, String dataset, String partition, Integer sites, Long seed, Double testFraction,
                       Double siteTestFraction, int chunkBytes, Duration giveUpAfter, Double dpBudget, NodePrivacyPolicy dpPolicy) {
            this(kit, data, dataset, partition, sites, seed, testFraction, siteTestFraction, chunkBytes, giveUpAfter, dpBudget,
                    dpPolicy, false);
        }

        /** A node with the default policy at {@code dpDelta}. */
        public Options(Path kit, Path data, String dataset, String partition, Integer sites, Long seed, Double testFraction,
                       Double siteTestFraction, int chunkBytes, Duration giveUpAfter, Double dpBudget, double dpDelta) {
            this(kit, data, dataset, partition, sites, seed, testFraction, siteTestFraction, chunkBytes, giveUpAfter, dpBudget,
                    policyAt(dpDelta));
        }

        /** A node without a privacy budget (DP-SGD rounds are still accounted in its ledger). */
        public Options(Path kit, Path data, String dataset, String partition, Integer sites, Long seed, Double testFraction,
                       Double siteTestFraction, int chunkBytes, Duration giveUpAfter) {
            this(kit, data, dataset, partition, sites, seed, testFraction, siteTestFraction, chunkBytes, giveUpAfter, null, 1e-5);
        }

        public Options {
            if (dpBudget != null && !(dpBudget > 0 && Double.isFinite(dpBudget))) {
                throw new IllegalArgumentException("--dp-budget must be a positive epsilon, got " + dpBudget);
            }
            Objects.requireNonNull(dpPolicy, "dpPolicy");
            if ((data == null) == (dataset == null)) {
                throw new IllegalArgumentException("give the node either its own records (--data FILE.csv) or a bundled demo"
                        + " dataset (--dataset NAME)");
            }
        }

        /** The same node, refusing (or not) every fit task that is not secure. */
        public Options requiringSecureAggregation(boolean require) {
            return new Options(kit, data, dataset, partition, sites, seed, testFraction, siteTestFraction, chunkBytes, giveUpAfter,
                    dpBudget, dpPolicy, require, mapping, labels);
        }

        /** The node's δ. */
        public double dpDelta() {
            return dpPolicy.delta();
        }

        /** The same node reading {@code --data fhir:DIR} through this mapping. */
        public Options withMapping(Path mappingFile) {
            return new Options(kit, data, dataset, partition, sites, seed, testFraction, siteTestFraction, chunkBytes, giveUpAfter,
                    dpBudget, dpPolicy, requireSecureAggregation, mappingFile, labels);
        }

        /** The same node reading {@code --data dicom:DIR} with this labels file. */
        public Options withLabels(Path labelsFile) {
            return new Options(kit, data, dataset, partition, sites, seed, testFraction, siteTestFraction, chunkBytes, giveUpAfter,
                    dpBudget, dpPolicy, requireSecureAggregation, mapping, labelsFile);
        }

        /** A node on its own CSV file. */
        public static Options ownData(Path kit, Path data, int chunkBytes, Duration giveUpAfter) {
            return new Options(kit, data, null, null, null, null, null, null, chunkBytes, giveUpAfter);
        }

        private static NodePrivacyPolicy policyAt(double delta) {
            return NodePrivacyPolicy.of(Checks.openUnit("--dp-delta", delta));
        }
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = options(args);
        } catch (UsageException e) {
            System.err.println(USAGE);
            System.exit(2);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("fedmed node: error: " + e.getMessage());
            System.exit(1);
            return;
        }
        try {
            System.exit(run(o, System.out));
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("fedmed node: error: " + e.getMessage());
            System.exit(1);
        }
    }

    /** The command line is not a node's: the usage line says what is. */
    static final class UsageException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** The options of a node's command line; throws {@link IllegalArgumentException} naming a bad option. */
    public static Options options(String[] args) {
        Path kit = null;
        Path data = null;
        String dataset = null;
        String partition = null;
        Integer sites = null;
        Long seed = null;
        long giveUp = 3600;
        Double dpBudget = null;
        double dpDelta = 1e-5;
        Map<String, String> policy = new LinkedHashMap<>();
        boolean requireSecure = false;
        Path mapping = null;
        Path labels = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--require-secure-aggregation")) {
                requireSecure = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new UsageException("option " + args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--kit" -> kit = Path.of(args[++i]);
                case "--data" -> data = Path.of(args[++i]);
                case "--dataset" -> dataset = args[++i];
                case "--mapping" -> mapping = Path.of(args[++i]);
                case "--labels" -> labels = Path.of(args[++i]);
                case "--partition" -> partition = args[++i];
                case "--sites" -> sites = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--give-up-seconds" -> giveUp = Long.parseLong(args[++i]);
                case "--dp-budget" -> dpBudget = Double.parseDouble(args[++i]);
                case "--dp-delta" -> dpDelta = Double.parseDouble(args[++i]);
                case "--dp-max-clip", "--dp-min-noise", "--dp-evaluation", "--dp-evaluation-noise", "--dp-statistics-noise" ->
                        policy.put(args[i], args[++i]);
                default -> throw new UsageException("unknown option " + args[i]);
            }
        }
        if (kit == null || (data == null) == (dataset == null)) {
            throw new UsageException("a node needs --kit and one of --data and --dataset");
        }
        return new Options(kit, data, dataset, partition, sites, seed, null, null, Weights.DEFAULT_CHUNK_BYTES,
                Duration.ofSeconds(giveUp), dpBudget, policy(dpBudget, dpDelta, policy), requireSecure, mapping, labels);
    }

    /**
     * The node's privacy policy from its options (defaults: no clip ceiling, no σ floor, evaluation
     * off); the policy options need a budget.
     *
     * @param options option name ({@code --dp-max-clip}, ...) → its text
     */
    public static NodePrivacyPolicy policy(Double budget, double delta, Map<String, String> options) {
        if (budget == null && !options.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", options.keySet()) + " apply to a node with a privacy budget:"
                    + " add --dp-budget EPSILON");
        }
        NodePrivacyPolicy d = NodePrivacyPolicy.of(Checks.openUnit("--dp-delta", delta));
        return new NodePrivacyPolicy(delta, number(options, "--dp-max-clip", d.maxClipNorm()),
                number(options, "--dp-min-noise", d.minNoiseMultiplier()),
                options.containsKey("--dp-evaluation") ? NodePrivacyPolicy.Evaluation.parse(options.get("--dp-evaluation"))
                        : d.evaluation(),
                number(options, "--dp-evaluation-noise", d.evaluationNoise()),
                number(options, "--dp-statistics-noise", d.statisticsNoise()));
    }

    private static double number(Map<String, String> options, String key, double otherwise) {
        String v = options.get(key);
        if (v == null) {
            return otherwise;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + v + "'", e);
        }
    }

    /**
     * Loads the kit and the site's data, then serves the coordinator until the federation ends;
     * returns the exit code (0 done, 1 the data cannot serve the study, 2 no connection).
     */
    public static int run(Options o, PrintStream progress) throws InterruptedException {
        GrpcLogging.quiet();
        NodeKit kit = NodeKit.load(o.kit());
        Optional<String> unusable = KitCheck.problem(kit, Instant.now());
        if (unusable.isPresent()) {
            throw new IllegalArgumentException(unusable.get());
        }
        KitCheck.expiryWarning(kit, Instant.now()).ifPresent(w -> progress.println("[" + kit.siteId() + "] " + w));
        // a malformed approvals or policy file stops the node here, naming the file and the key
        progress.println("[" + kit.siteId() + "] " + StudyGate.status(o.kit()));
        if (o.data() != null) {
            return runOwnData(kit, o, progress);
        }
        // split options given: the node splits as they say and the coordinator checks that split at its hello;
        // none given: the node takes the study's split from the welcome
        boolean explicit = o.partition() != null || o.sites() != null || o.seed() != null || o.testFraction() != null
                || o.siteTestFraction() != null;
        DataSplit own = null;
        if (explicit) {
            StudySpecBuilder b = new StudySpecBuilder();
            b.dataset = o.dataset();
            b.partition = o.partition();
            b.sites = o.sites();
            if (o.seed() != null) {
                b.seed = o.seed();
            }
            if (o.testFraction() != null) {
                b.testFraction = o.testFraction();
            }
            if (o.siteTestFraction() != null) {
                b.siteTestFraction = o.siteTestFraction();
            }
            own = DataSplit.of(b.build());
        } else {
            DatasetCatalog.canonicalName(o.dataset()); // an unknown dataset fails now, not at the welcome
        }
        NodePrivacy privacy = privacy(kit, o, progress);
        try (DemoData data = new DemoData(kit.siteId(), o.dataset(), own, progress)) {
            if (own == null) {
                progress.printf("[%s] demo data: %s, split as the study says (sent with the coordinator's welcome)%n", kit.siteId(),
                        o.dataset());
            }
            NodeClient client = new NodeClient(kit, privacy.guard(data), progress, o.chunkBytes(), o.giveUpAfter())
                    .announcingPolicy(privacy.announced()).requireSecureAggregation(requireSecure(kit, o, progress))
                    .approvingWith(StudyGate.forKit(o.kit(), kit.siteId(), progress)).keepingSiteStateIn(o.kit());
            if (own != null) {
                client.reportingSplit(own);
            }
            return client.run();
        }
    }

    private static int runOwnData(NodeKit kit, Options o, PrintStream progress) throws InterruptedException {
        TableSource source;
        if (!DicomTableSource.isDicom(o.data().toString()) && o.labels() != null) {
            throw new IllegalArgumentException("--labels is for DICOM data (--data dicom:DIR)");
        }
        if (DicomTableSource.isDicom(o.data().toString())) {
            if (o.mapping() != null) {
                throw new IllegalArgumentException("--mapping is for FHIR data (--data fhir:DIR); a DICOM folder takes --labels FILE");
            }
            // counts per transfer syntax and skip reasons only: never a tag's value
            DicomTableSource dicom = DicomTableSource.of(o.data().toString(), o.labels(),
                    line -> progress.printf("[%s] %s%n", kit.siteId(), line));
            progress.printf("[%s] own data: DICOM folder %s with labels %s; it is read when the coordinator sends the study's"
                    + " schema%n", kit.siteId(), dicom.dir().toAbsolutePath(), o.labels().getFileName());
            source = dicom;
        } else if (FhirTableSource.isFhir(o.data().toString())) {
            // the mapping is checked now, so a bad one stops the node before it connects
            source = FhirTableSource.of(o.data().toString(), o.mapping());
            Path dir = ((FhirTableSource) source).dir().toAbsolutePath();
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("FHIR folder " + dir + " does not exist or is not a folder");
            }
            progress.printf("[%s] own data: FHIR folder %s through mapping %s; it is read when the coordinator sends the"
                    + " study's schema%n", kit.siteId(), dir, o.mapping().getFileName());
        } else {
            if (o.mapping() != null) {
                throw new IllegalArgumentException("--mapping is for FHIR data (--data fhir:DIR)");
            }
            Path file = o.data().toAbsolutePath();
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new IllegalArgumentException("data file " + file + " does not exist or is not a readable file");
            }
            progress.printf("[%s] own data: %s; it is read when the coordinator sends the study's schema%n", kit.siteId(), file);
            source = TableSource.csv(file);
        }
        NodePrivacy privacy = privacy(kit, o, progress);
        try (OwnFileData data = new OwnFileData(source, kit.siteId(), progress)) {
            return new NodeClient(kit, privacy.guard(data), progress, o.chunkBytes(), o.giveUpAfter())
                    .announcingPolicy(privacy.announced()).requireSecureAggregation(requireSecure(kit, o, progress))
                    .approvingWith(StudyGate.forKit(o.kit(), kit.siteId(), progress)).keepingSiteStateIn(o.kit()).run();
        }
    }

    /** Whether the node requires secure rounds; says so on its console when it does. */
    private static boolean requireSecure(NodeKit kit, Options o, PrintStream progress) {
        if (o.requireSecureAggregation()) {
            progress.printf("[%s] secure aggregation required: every fit task whose update would leave this node in the clear"
                    + " is refused%n", kit.siteId());
        }
        return o.requireSecureAggregation();
    }

    /** The node's privacy ledger, kept in its kit directory. */
    private static NodePrivacy privacy(NodeKit kit, Options o, PrintStream progress) {
        return new NodePrivacy(o.kit(), o.dpBudget(), o.dpPolicy(), progress, kit.siteId());
    }

}
