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
import org.fedmed.net.provision.NodeKit;
import org.fedmed.net.transfer.Weights;
import org.fedmed.sim.SimulationSpec;
import org.fedmed.sim.SimulationSpecBuilder;

/**
 * A coordinator's configuration ({@code federation.yaml}): where the provisioning directory is,
 * where to listen, the run store, the round policy, and the study (the same keys as a simulation's
 * run spec, so a deployment and its simulation are configured alike).
 */
public record CoordinatorConfig(String federation, Path provisioning, String listenHost, int port, String db, int rounds,
                                Duration roundDeadline, Duration siteWait, Duration startWait, int chunkBytes, Path out,
                                SimulationSpec study) {

    private static final Set<String> KEYS = Set.of("federation", "provisioning", "listen", "db", "rounds", "round_deadline_seconds",
            "site_wait_seconds", "start_wait_seconds", "chunk_bytes", "out", "study");
    private static final Set<String> STUDY_KEYS = Set.of("dataset", "data_root", "sites", "partition", "strategy", "params",
            "local_epochs", "batch_size", "lr", "optimizer", "momentum", "weight_decay", "balance_classes", "schedule", "model",
            "hidden", "dropout", "weighting", "fraction", "min_sites", "test_fraction", "site_test_fraction", "seed");

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
                default -> throw new IllegalStateException(e.getKey());
            }
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
                seconds(m, "start_wait_seconds", 600), chunk, out, b.build());
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
