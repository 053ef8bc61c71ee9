package org.fedmed.net.coordinator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedmed.data.prep.TabularPreprocessor;
import org.fedmed.data.read.TableSchema;
import org.fedmed.net.prep.FeatureDeclarations;
import org.fedmed.net.prep.OwnDataSchema;
import org.fedmed.net.prep.OwnDataStudy;
import org.fedmed.net.provision.NodeKit;
import org.fedmed.net.transfer.Weights;
import org.fedmed.sim.SimulationSpec;
import org.fedmed.sim.SimulationSpecBuilder;

/**
 * A coordinator's configuration ({@code federation.yaml}): where the provisioning directory is,
 * where to listen, the run store, the round policy, and the study (the same keys as a simulation's
 * run spec, so a deployment and its simulation are configured alike).
 *
 * <p>A study either names a bundled {@code dataset} (demo data: every node prepares the same split)
 * or declares {@code data:} (each hospital trains on its own CSV file; see {@link #ownData()}).
 *
 * @param ownData the {@code study.data} section, or null for a demo-data study
 */
public record CoordinatorConfig(String federation, Path provisioning, String listenHost, int port, String db, int rounds,
                                Duration roundDeadline, Duration siteWait, Duration startWait, int chunkBytes, Path out,
                                SimulationSpec study, OwnDataStudy ownData) {

    /** The study's dataset name (in reports) when every hospital brings its own file. */
    public static final String OWN_DATA = "own-data";

    private static final Set<String> KEYS = Set.of("federation", "provisioning", "listen", "db", "rounds", "round_deadline_seconds",
            "site_wait_seconds", "start_wait_seconds", "chunk_bytes", "out", "study");
    private static final Set<String> STUDY_KEYS = Set.of("dataset", "data_root", "sites", "partition", "strategy", "params",
            "local_epochs", "batch_size", "lr", "optimizer", "momentum", "weight_decay", "balance_classes", "schedule", "model",
            "hidden", "dropout", "weighting", "fraction", "min_sites", "test_fraction", "site_test_fraction", "seed", "data",
            "dp_level", "dp_clip", "dp_noise", "dp_seeded_noise", "dp_epsilon", "dp_delta", "dp_mode", "dp_quantile",
            "dp_noise_schedule", "dp_layer_noise");
    private static final Set<String> DATA_KEYS = Set.of("label", "classes", "features", "min_rows", "max_missing_share");
    /** Study keys about the bundled datasets' split, which an own-data study cannot have. */
    private static final Set<String> DEMO_ONLY_KEYS = Set.of("dataset", "data_root", "sites", "partition", "test_fraction");

    public static CoordinatorConfig load(Path file) {
        Map<String, Object> m;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> read = new ObjectMapper(new YAMLFactory()).readValue(Files.readString(file), Map.class);
            m = read == null ? Map.of() : read;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return fromMap(m, file.toAbsolutePath().getParent());
    }

    @SuppressWarnings("unchecked")
    public static CoordinatorConfig fromMap(Map<String, Object> m, Path base) {
        for (String k : m.keySet()) {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("unknown key '" + k + "' in the coordinator configuration; known: " + KEYS);
            }
        }
        if (m.get("provisioning") == null) {
            throw new IllegalArgumentException("the coordinator configuration needs 'provisioning: DIR' (from `fedmed provision`)");
        }
        Path prov = base.resolve(String.valueOf(m.get("provisioning")));
        NodeKit.HostPort listen = NodeKit.HostPort.parse(String.valueOf(m.getOrDefault("listen", "0.0.0.0:7443")));
        int rounds = intOf(m, "rounds", 10);
        Map<String, Object> study = (Map<String, Object>) m.getOrDefault("study", Map.of());
        SimulationSpecBuilder b = new SimulationSpecBuilder();
        // node privacy: a deployment draws DP noise from SecureRandom unless the study asks for seeded research noise
        // (which a node with a privacy budget refuses); simulations keep the seeded default
        b.dpSeededNoise = false;
        Map<String, Object> data = null;
        for (var e : study.entrySet()) {
            if (!STUDY_KEYS.contains(e.getKey())) {
                throw new IllegalArgumentException("unknown key 'study." + e.getKey() + "'; known: " + STUDY_KEYS);
            }
            Object v = e.getValue();
            String s = String.valueOf(v);
            switch (e.getKey()) {
                case "dataset" -> b.dataset = s;
                case "data_root" -> b.dataRoot = base.resolve(s);
                case "sites" -> b.sites = Integer.parseInt(s);
                case "partition" -> b.partition = s;
                case "strategy" -> b.strategy = s;
                case "params" -> ((Map<String, Object>) v).forEach((k, x) -> b.strategyParams.put(k, Double.parseDouble(String.valueOf(x))));
                case "local_epochs" -> b.localEpochs = Integer.parseInt(s);
                case "batch_size" -> b.batchSize = Integer.parseInt(s);
                case "lr" -> b.learningRate = Double.parseDouble(s);
                case "optimizer" -> b.optimizer = s;
                case "momentum" -> b.momentum = Double.parseDouble(s);
                case "weight_decay" -> b.weightDecay = Double.parseDouble(s);
                case "balance_classes" -> b.balanceClasses = Boolean.parseBoolean(s);
                case "schedule" -> b.schedule = s;
                case "model" -> b.model = s;
                case "hidden" -> b.hiddenUnits = ((List<Object>) v).stream().map(x -> Integer.parseInt(String.valueOf(x))).toList();
                case "dropout" -> b.dropout = Double.parseDouble(s);
                case "weighting" -> b.weighting = s;
                case "fraction" -> b.fraction = Double.parseDouble(s);
                case "min_sites" -> b.minSites = Integer.parseInt(s);
                case "test_fraction" -> b.testFraction = Double.parseDouble(s);
                case "site_test_fraction" -> b.siteTestFraction = Double.parseDouble(s);
                case "seed" -> b.seed = Long.parseLong(s);
                case "data" -> data = v instanceof Map<?, ?> d ? (Map<String, Object>) d : Map.of();
                case "dp_level" -> b.dpLevel = s;
                case "dp_clip" -> b.dpClip = Double.parseDouble(s);
                case "dp_noise" -> b.dpNoise = Double.parseDouble(s);
                case "dp_seeded_noise" -> b.dpSeededNoise = Boolean.parseBoolean(s);
                case "dp_epsilon" -> b.dpEpsilon = Double.parseDouble(s);
                case "dp_delta" -> b.dpDelta = Double.parseDouble(s);
                case "dp_mode" -> b.dpMode = s;
                case "dp_quantile" -> b.dpQuantile = Double.parseDouble(s);
                case "dp_noise_schedule" -> b.dpNoiseSchedule = s;
                case "dp_layer_noise" -> {
                    if (!(v instanceof List<?> list)) {
                        throw new IllegalArgumentException("study.dp_layer_noise must be a list of noise multipliers, got " + s);
                    }
                    b.dpLayerNoise = list.stream().map(x -> Double.parseDouble(String.valueOf(x))).toList();
                }
                default -> throw new IllegalStateException(e.getKey());
            }
        }
        if (data != null) {
            for (String k : DEMO_ONLY_KEYS) {
                if (study.containsKey(k)) {
                    throw new IllegalArgumentException("study." + k + " is about the bundled demo datasets; a study with"
                            + " study.data trains on each hospital's own file and cannot have it");
                }
            }
            b.dataset = OWN_DATA;
            b.partition = OWN_DATA;
            // the builder would otherwise look for the bundled datasets folder, which a hospital's coordinator need not have
            b.dataRoot = base;
        }
        b.rounds = rounds;
        b.baselines = false;
        int chunk = intOf(m, "chunk_bytes", Weights.DEFAULT_CHUNK_BYTES);
        if (chunk < Weights.MIN_CHUNK_BYTES || chunk > Weights.MAX_CHUNK_BYTES) {
            throw new IllegalArgumentException("chunk_bytes must be in [" + Weights.MIN_CHUNK_BYTES + ", " + Weights.MAX_CHUNK_BYTES + "]");
        }
        String db = m.get("db") == null ? null : String.valueOf(m.get("db"));
        Path out = base.resolve(String.valueOf(m.getOrDefault("out", prov.resolve("coordinator").resolve("report").toString())));
        return new CoordinatorConfig(String.valueOf(m.getOrDefault("federation", "fedmed")), prov, listen.host(), listen.port(), db,
                rounds, seconds(m, "round_deadline_seconds", 600), seconds(m, "site_wait_seconds", 60),
                seconds(m, "start_wait_seconds", 600), chunk, out, b.build(), null).withOwnData(data);
    }

    /** This configuration with the study's {@code data:} section parsed (null: a demo-data study). */
    @SuppressWarnings("unchecked")
    private CoordinatorConfig withOwnData(Map<String, Object> data) {
        if (data == null) {
            return this;
        }
        for (String k : data.keySet()) {
            if (!DATA_KEYS.contains(k)) {
                throw new IllegalArgumentException("unknown key 'study.data." + k + "'; known: " + DATA_KEYS);
            }
        }
        if (data.get("label") == null || !(data.get("classes") instanceof List<?>)) {
            throw new IllegalArgumentException("study.data needs 'label: COLUMN' and 'classes: [VALUE, VALUE, ...]' (the label"
                    + " column's values, negative class first)");
        }
        Object f = data.get("features");
        if (f != null && !(f instanceof List<?>)) {
            throw new IllegalArgumentException("study.data.features must be a list of column names");
        }
        // node privacy: an entry may declare the column's range ({name, min, max}), see FeatureDeclarations
        FeatureDeclarations features = FeatureDeclarations.parse(f == null ? List.of() : (List<?>) f);
        TableSchema table = new TableSchema(String.valueOf(data.get("label")), strings((List<Object>) data.get("classes")),
                features.names());
        int minRows = data.get("min_rows") == null ? OwnDataStudy.MIN_ROWS_FLOOR : Integer.parseInt(String.valueOf(data.get("min_rows")));
        double maxMissing = data.get("max_missing_share") == null ? TabularPreprocessor.DEFAULT_MAX_MISSING_SHARE
                : Double.parseDouble(String.valueOf(data.get("max_missing_share")));
        OwnDataStudy own = new OwnDataStudy(new OwnDataSchema(table, study.siteTestFraction(), study.seed(), features.ranges()),
                minRows, maxMissing);
        return new CoordinatorConfig(federation, provisioning, listenHost, port, db, rounds, roundDeadline, siteWait, startWait,
                chunkBytes, out, study, own);
    }

    private static List<String> strings(List<Object> values) {
        return values.stream().map(String::valueOf).toList();
    }

    /** The run store's JDBC URL: the configured one, or an H2 file in the coordinator's state directory. */
    public String jdbcUrl(String override) {
        if (override != null && !override.isBlank()) {
            return override;
        }
        if (db != null) {
            return db;
        }
        return "jdbc:h2:file:" + provisioning.resolve("coordinator").resolve("state").resolve("fedmed").toAbsolutePath();
    }

    /** What identifies the study in the run store (a resumed run must match it). */
    public String fingerprint() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("federation", federation);
        f.put("dataset", study.dataset());
        f.put("partition", study.partition());
        f.put("strategy", study.strategy());
        f.put("params", study.strategyParams());
        f.put("rounds", rounds);
        f.put("seed", study.seed());
        f.put("training", study.training());
        if (study.sampleDp() != null) {
            f.put("dp_sgd", study.sampleDp());
        }
        if (study.clientDp() != null) {
            f.put("client_dp", study.clientDp());
        }
        if (ownData != null) {
            // a store is never resumed with another schema: its preprocessing was fitted on these columns. The
            // section is hashed so that a study with many columns still fits the store's fingerprint column.
            f.put("data", "label " + ownData.schema().table().label() + ", " + ownData.schema().table().features().size()
                    + " declared features, sha256 " + java.util.HexFormat.of().formatHex(Weights.sha256(
                    ownData.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        }
        return f.toString();
    }

    private static int intOf(Map<String, Object> m, String k, int d) {
        Object v = m.get(k);
        return v == null ? d : Integer.parseInt(String.valueOf(v));
    }

    private static Duration seconds(Map<String, Object> m, String k, double d) {
        Object v = m.get(k);
        double s = v == null ? d : Double.parseDouble(String.valueOf(v));
        if (!(s > 0)) {
            throw new IllegalArgumentException(k + " must be positive");
        }
        return Duration.ofMillis(Math.round(s * 1000));
    }
}
