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
import java.util.TreeMap;
import java.util.stream.Stream;
import org.fedmed.net.OwnerOnly;
import org.fedmed.net.provision.NodeKit;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.store.RunStore;
import org.fedmed.net.transfer.Weights;
import org.fedmed.study.StudySpec;
import org.fedmed.study.StudySpecBuilder;
import org.fedmed.study.keys.KeySource;
import org.fedmed.study.keys.StudyKeys;
import org.fedmed.study.prep.OwnDataStudy;

/**
 * A coordinator's configuration ({@code federation.yaml}): where the provisioning directory is,
 * where to listen, the run store, the round policy, and the study (the same keys as a simulation's
 * run spec, so a deployment and its simulation are configured alike).
 *
 * <p>A study either names a bundled {@code dataset} (demo data: every node prepares the same split)
 * or declares {@code data:} (each hospital trains on its own CSV file; see {@link #ownData()}).
 *
 * @param ownData the {@code study.data} section, or null for a demo-data study
 * @param monitor where {@code /healthz}, {@code /readyz} and {@code /metrics} are served (key {@code monitor: host:port}), or null
 * @param studyName the study's name in the run store (key {@code study_name}, default the federation's name), so that
 *                  several studies can share one database
 * @param dashboard where the HTTPS dashboard is served (key {@code dashboard: host:port} or {@code --dashboard}), or null
 */
public record CoordinatorConfig(String federation, Path provisioning, String listenHost, int port, String db, int rounds,
                                Duration roundDeadline, Duration siteWait, Duration startWait, int chunkBytes, Path out,
                                StudySpec study, OwnDataStudy ownData, NodeKit.HostPort monitor,
                                String studyName, NodeKit.HostPort dashboard) {

    /** The study's dataset name (in reports) when every hospital brings its own file. */
    public static final String OWN_DATA = StudySpec.OWN_DATA;

    private static final Set<String> KEYS = Set.of("federation", "provisioning", "listen", "db", "db_env", "db_file", "monitor", "dashboard", "rounds",
            "round_deadline_seconds",
            "site_wait_seconds", "start_wait_seconds", "chunk_bytes", "out", "study", "study_name");

    public static CoordinatorConfig load(Path file) {
        Map<String, Object> m;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> read = new ObjectMapper(new YAMLFactory()).readValue(Files.readString(file), Map.class);
            m = read == null ? Map.of() : read;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return fromMap(m, file.toAbsolutePath().getParent(), String.valueOf(file));
    }

    public static CoordinatorConfig fromMap(Map<String, Object> m, Path base) {
        return fromMap(m, base, "the coordinator configuration");
    }

    /**
     * @param label names the configuration in messages (its file)
     */
    public static CoordinatorConfig fromMap(Map<String, Object> m, Path base, String label) {
        for (String k : m.keySet()) {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException(label + ": unknown key '" + k + "'; known: " + KEYS);
            }
        }
        if (m.get("provisioning") == null) {
            throw new IllegalArgumentException("the coordinator configuration needs 'provisioning: DIR' (from `fedmed provision`)");
        }
        Path prov = base.resolve(String.valueOf(m.get("provisioning")));
        NodeKit.HostPort listen = NodeKit.HostPort.parse(String.valueOf(m.getOrDefault("listen", "0.0.0.0:7443")));
        Object section = m.getOrDefault("study", Map.of());
        if (!(section instanceof Map<?, ?> study)) {
            throw new IllegalArgumentException(label + ": 'study' must be a mapping of study keys");
        }
        StudySpecBuilder b = new StudySpecBuilder();
        // a deployment has no pooled records to train baselines on; asking for them is refused, not ignored
        b.baselines = false;
        // node privacy: a deployment draws DP noise from SecureRandom unless the study asks for seeded research noise
        // (which a node with a privacy budget refuses); simulations keep the seeded default
        b.dpSeededNoise = false;
        Map<String, Object> keys = new LinkedHashMap<>();
        study.forEach((k, v) -> keys.put(String.valueOf(k), v));
        KeySource source = KeySource.federation(label, base);
        // 'rounds' was a top-level key before it became a study key; both spellings are read, one at a time
        if (m.containsKey("rounds")) {
            if (keys.containsKey("rounds")) {
                throw new IllegalArgumentException(label + ": give 'rounds' once, in the study section");
            }
            StudyKeys.apply(b, "rounds", m.get("rounds"), new KeySource(label, "", base));
        } else if (!keys.containsKey("rounds")) {
            b.rounds = 10;
        }
        StudyKeys.apply(b, keys, source);
        StudySpec spec = b.build();
        if (spec.ownData() == null && !keys.containsKey("sites") && !spec.partition().equals("natural")) {
            // a demo study splits the data among the federation's hospitals unless it says otherwise
            int active = new Provisioner(prov).activeSites().size();
            if (active > 0 && active != spec.sites()) {
                b.sites = active;
                spec = b.build();
            }
        }
        int rounds = spec.rounds();
        int chunk = intOf(m, "chunk_bytes", Weights.DEFAULT_CHUNK_BYTES);
        if (chunk < Weights.MIN_CHUNK_BYTES || chunk > Weights.MAX_CHUNK_BYTES) {
            throw new IllegalArgumentException("chunk_bytes must be in [" + Weights.MIN_CHUNK_BYTES + ", " + Weights.MAX_CHUNK_BYTES + "]");
        }
        String db = database(m, base, label);
        String federation = String.valueOf(m.getOrDefault("federation", "fedmed"));
        String studyName = String.valueOf(m.getOrDefault("study_name", federation)).trim();
        if (studyName.isEmpty() || studyName.length() > 128) {
            throw new IllegalArgumentException(label + ": study_name must be 1 to 128 characters");
        }
        Path out = base.resolve(String.valueOf(m.getOrDefault("out", prov.resolve("coordinator").resolve("report").toString())));
        return new CoordinatorConfig(federation, prov, listen.host(), listen.port(), db,
                rounds, seconds(m, "round_deadline_seconds", 600), seconds(m, "site_wait_seconds", 60),
                seconds(m, "start_wait_seconds", 600), chunk, out, spec, spec.ownData(),
                m.get("monitor") == null ? null : NodeKit.HostPort.parse(String.valueOf(m.get("monitor"))), studyName,
                m.get("dashboard") == null ? null : dashboard(label, String.valueOf(m.get("dashboard"))));
    }

    /** This configuration with the dashboard on {@code where}: {@code PORT} (on the listen address) or {@code HOST:PORT}. */
    public CoordinatorConfig withDashboard(String where) {
        NodeKit.HostPort at;
        try {
            at = NodeKit.HostPort.parse(where.contains(":") ? where : listenHost + ":" + where);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--dashboard: expected a port or host:port, got '" + where + "'");
        }
        return new CoordinatorConfig(federation, provisioning, listenHost, port, db, rounds, roundDeadline, siteWait, startWait, chunkBytes,
                out, study, ownData, monitor, studyName, at);
    }

    private static NodeKit.HostPort dashboard(String label, String value) {
        try {
            return NodeKit.HostPort.parse(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(label + ": dashboard: expected host:port, got '" + value + "'");
        }
    }

    /**
     * The run store's URL from {@code db} (in the file), {@code db_env} (an environment variable holding it,
     * so credentials stay out of the file and of {@code ps}) or {@code db_file} (a file holding it, readable by
     * its owner only), at most one of them; null for the default H2 store.
     */
    private static String database(Map<String, Object> m, Path base, String label) {
        List<String> given = Stream.of("db", "db_env", "db_file").filter(m::containsKey).toList();
        if (given.size() > 1) {
            throw new IllegalArgumentException(label + ": give one of " + String.join(", ", given) + ", not several");
        }
        if (m.get("db_env") != null) {
            return databaseUrlFromEnvironment(String.valueOf(m.get("db_env")), label + ": db_env");
        }
        if (m.get("db_file") != null) {
            Path file = base.resolve(String.valueOf(m.get("db_file")));
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(label + ": db_file " + file + " does not exist");
            }
            if (OwnerOnly.othersMayRead(file)) {
                throw new IllegalArgumentException(label + ": db_file " + file + " holds the database credentials but other users"
                        + " may read it: chmod 600 " + file);
            }
            try {
                String url = Files.readString(file).trim();
                if (url.isEmpty()) {
                    throw new IllegalArgumentException(label + ": db_file " + file + " is empty");
                }
                return url;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read db_file " + file + ": " + e.getMessage(), e);
            }
        }
        return m.get("db") == null ? null : String.valueOf(m.get("db"));
    }

    /**
     * The settings that run the study without defining it (a change does not make another study), as the
     * audit trail records them: addresses, deadlines, transfer chunks, report folder, and the run store's URL
     * without credentials.
     */
    public Map<String, String> operationalSettings(String jdbcUrl) {
        Map<String, String> m = new TreeMap<>();
        m.put("listen", listenHost + ":" + port);
        m.put("round_deadline_seconds", String.valueOf(roundDeadline.toMillis() / 1000.0));
        m.put("site_wait_seconds", String.valueOf(siteWait.toMillis() / 1000.0));
        m.put("start_wait_seconds", String.valueOf(startWait.toMillis() / 1000.0));
        m.put("chunk_bytes", String.valueOf(chunkBytes));
        m.put("out", String.valueOf(out.toAbsolutePath()));
        m.put("monitor", monitor == null ? "off" : monitor.host() + ":" + monitor.port());
        m.put("dashboard", dashboard == null ? "off" : dashboard.host() + ":" + dashboard.port());
        m.put("db", RunStore.redact(jdbcUrl));
        return m;
    }

    /**
     * A run store URL held in the environment variable {@code variable} (credentials stay out of files and
     * of {@code ps}); {@code namedAs} is how the caller's user named the variable, for the one-line refusal.
     */
    public static String databaseUrlFromEnvironment(String variable, String namedAs) {
        String url = System.getenv(variable);
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(namedAs + " names the environment variable " + variable + ", which is not set");
        }
        return url.trim();
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

    /**
     * What identifies the study in the run store (a resumed run must match it): the federation and
     * every study key that defines the study, from {@link StudyKeys}, so a new key cannot be left out.
     */
    public String fingerprint() {
        return "federation=" + federation + ", " + StudyKeys.fingerprint(study);
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
