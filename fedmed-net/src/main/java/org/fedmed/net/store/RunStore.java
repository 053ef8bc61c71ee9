package org.fedmed.net.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.strategy.StrategyState;
import org.fedmed.net.OwnerOnly;
import org.fedmed.net.transfer.Weights;

/**
 * The coordinator's federation state over JDBC, for one or several studies: a coordinator binds the
 * store to its study by name ({@link #bindStudy}) and every later call reads or writes that study's
 * rows only. Per study: its fingerprint, the sites, one row per
 * completed round and the global model after each round (weights as little-endian float32 bytes with
 * their layout), with the strategy's server state after that round where it has one (FedAvgM's
 * velocity, FedOpt's moments; {@link StrategyState#toBytes()} in the nullable column
 * {@code strategy_state}, kept for the newest round only). A round, its checkpoint and its strategy state are committed in ONE transaction, so after a crash the
 * store holds every completed round exactly once and the model they produced; a restarted coordinator
 * resumes with {@code lastCheckpoint().round() + 1}. An own-data study's fitted preprocessing is
 * stored with the initial model in one transaction (table {@code fedmed_study_preprocessing}), so a
 * resumed study keeps it. Each study's signed audit chain lives in the same store (table
 * {@code fedmed_study_audit}, {@link #auditChain()}). Works on an embedded H2 file database (the
 * default) and on PostgreSQL; tables in {@link StoreSchema}.
 */
public final class RunStore implements AutoCloseable {

    private final Connection conn;
    private final boolean postgres;
    /** The study this store reads and writes, once bound or chosen. */
    private String study;

    /**
     * A stored global model: the one after {@code round} (0 = the initial model), and the strategy's
     * server state after that round, or null when the strategy keeps none (or round 0).
     */
    public record Checkpoint(int round, ModelWeights weights, StrategyState strategyState) {
    }

    /** A stored round. */
    public record StoredRound(int round, List<String> participants, String failures, boolean aggregated, Double trainLoss,
                              Double testAccuracy, Double testRocAuc, long bytesToSites, long bytesFromSites, double seconds) {
    }

    /** One study in the store, as {@code fedmed studies} lists it. */
    public record StudySummary(String name, String fingerprint, int plannedRounds, int roundsStored, Instant createdAt,
                               Instant lastRoundAt, Double lastAccuracy) {
    }

    private RunStore(Connection conn, boolean postgres) {
        this.conn = conn;
        this.postgres = postgres;
    }

    /** How long opening the store may take before it is given up (seconds). */
    static final int LOGIN_TIMEOUT_SECONDS = 30;

    /** Opens (and creates the tables of) the store at a JDBC URL: {@code jdbc:h2:file:...} or {@code jdbc:postgresql://...}. */
    public static RunStore open(String jdbcUrl) {
        try {
            // a database host that swallows packets must not hang a coordinator (or its --check) for ever
            DriverManager.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
            Connection c = DriverManager.getConnection(jdbcUrl);
            RunStore s = new RunStore(c, jdbcUrl.startsWith("jdbc:postgresql:"));
            StoreSchema.create(c, s.postgres);
            restrictH2Files(jdbcUrl);
            return s;
        } catch (SQLException e) {
            // a database that is down, a wrong password or URL: the operator's to fix, said in one line (credentials redacted)
            throw new UncheckedIOException("cannot open the run store " + redact(jdbcUrl) + ": " + redact(String.valueOf(e.getMessage())),
                    new IOException(e.getSQLState(), e));
        }
    }

    /** An embedded H2 store's files hold every checkpoint: owner-only, whatever the umask. */
    private static void restrictH2Files(String jdbcUrl) {
        String prefix = "jdbc:h2:file:";
        if (!jdbcUrl.startsWith(prefix)) {
            return;
        }
        String base = jdbcUrl.substring(prefix.length()).split(";", 2)[0];
        for (String suffix : new String[] {".mv.db", ".trace.db"}) {
            OwnerOnly.restrict(Path.of(base + suffix));
        }
    }

    /** The URL without credentials, for messages. */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /** The bound study's audit chain in this store (table {@code fedmed_study_audit}), sharing its connection. */
    public synchronized AuditChainTable auditChain() {
        return new AuditChainTable(conn, this, study());
    }

    /**
     * Binds the store to the study {@code name}: the first call records its {@code fingerprint}; later
     * calls must give the same one, so a coordinator never resumes a changed study. Other studies in the
     * same database are untouched.
     */
    public synchronized void bindStudy(String name, String fingerprint, int plannedRounds) {
        checkName(name);
        try {
            Optional<String> existing = fingerprintOf(name);
            if (existing.isEmpty()) {
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO fedmed_studies (study, fingerprint, planned_rounds,"
                        + " created_at) VALUES (?, ?, ?, ?)")) {
                    ps.setString(1, name);
                    ps.setString(2, fingerprint);
                    ps.setInt(3, plannedRounds);
                    ps.setTimestamp(4, Timestamp.from(Instant.now()));
                    ps.executeUpdate();
                }
            } else if (!existing.get().equals(fingerprint)) {
                throw new IllegalArgumentException("the run store's study '" + name + "' was started with another configuration ("
                        + existing.get() + "); this one is (" + fingerprint + "). Restore the original configuration, or give this"
                        + " study another study_name to keep both in the store.");
            }
            study = name;
        } catch (SQLException e) {
            throw new IllegalStateException("run store: " + e.getMessage(), e);
        }
    }

    /** Chooses a stored study for reading (a report, a check); false when the store has none of that name. */
    public synchronized boolean useStudy(String name) {
        try {
            if (fingerprintOf(name).isEmpty()) {
                return false;
            }
            study = name;
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("run store: " + e.getMessage(), e);
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank() || name.length() > 128) {
            throw new IllegalArgumentException("a study name must be 1 to 128 characters, got '" + name + "'");
        }
    }

    private Optional<String> fingerprintOf(String name) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT fingerprint FROM fedmed_studies WHERE study = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** The bound study; a call before {@link #bindStudy} or {@link #useStudy} is a programming error. */
    private String study() {
        if (study == null) {
            throw new IllegalStateException("run store: no study chosen (bindStudy or useStudy first)");
        }
        return study;
    }

    /** Every study in the store, oldest first, with its progress. */
    public synchronized List<StudySummary> studies() {
        List<StudySummary> out = new ArrayList<>();
        String sql = "SELECT s.study, s.fingerprint, s.planned_rounds, s.created_at,"
                + " (SELECT COUNT(*) FROM fedmed_study_rounds r WHERE r.study = s.study),"
                + " (SELECT MAX(r.finished_at) FROM fedmed_study_rounds r WHERE r.study = s.study),"
                + " (SELECT r.test_accuracy FROM fedmed_study_rounds r WHERE r.study = s.study AND r.round_no ="
                + " (SELECT MAX(q.round_no) FROM fedmed_study_rounds q WHERE q.study = s.study))"
                + " FROM fedmed_studies s ORDER BY s.created_at, s.study";
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                Timestamp last = rs.getTimestamp(6);
                out.add(new StudySummary(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(5), rs.getTimestamp(4).toInstant(),
                        last == null ? null : last.toInstant(), getDouble(rs, 7)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("run store: " + e.getMessage(), e);
        }
        return out;
    }

    public synchronized void recordSite(String siteId, String serial) {
        try (PreparedStatement up = conn.prepareStatement("UPDATE fedmed_study_sites SET cert_serial = ?, last_seen = ?"
                + " WHERE study = ? AND site_id = ?")) {
            up.setString(1, serial);
            up.setTimestamp(2, Timestamp.from(Instant.now()));
            up.setString(3, study());
            up.setString(4, siteId);
            if (up.executeUpdate() == 0) {
                try (PreparedStatement in = conn.prepareStatement("INSERT INTO fedmed_study_sites (study, site_id, cert_serial, last_seen)"
                        + " VALUES (?, ?, ?, ?)")) {
                    in.setString(1, study());
                    in.setString(2, siteId);
                    in.setString(3, serial);
                    in.setTimestamp(4, Timestamp.from(Instant.now()));
                    in.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("run store: " + e.getMessage(), e);
        }
    }

    /** Stores the initial model as checkpoint 0 (once). */
    public synchronized void saveInitial(ModelWeights initial) {
        saveInitial(initial, null);
    }

    /**
     * Stores the initial model as checkpoint 0 and, for an own-data study, the fitted preprocessing
     * it was built for, in one transaction: a store that has the model has its preprocessing.
     *
     * @param preprocessing the fitted preprocessing as text, or null for a demo-data study
     */
    public synchronized void saveInitial(ModelWeights initial, String preprocessing) {
        try {
            conn.setAutoCommit(false);
            insertCheckpoint(0, initial, null);
            if (preprocessing != null) {
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO fedmed_study_preprocessing (study, fit, created_at)"
                        + " VALUES (?, ?, ?)")) {
                    ps.setString(1, study());
                    ps.setString(2, preprocessing);
                    ps.setTimestamp(3, Timestamp.from(Instant.now()));
                    ps.executeUpdate();
                }
            }
            conn.commit();
            flushToDisk();
        } catch (SQLException e) {
            rollback();
            throw new IllegalStateException("run store: cannot save the initial model: " + e.getMessage(), e);
        } finally {
            autoCommit();
        }
    }

    /**
     * Commits a completed round: its row and the global model after it, atomically. A round already
     * stored is refused (the transaction rolls back), so no round is ever counted twice.
     */
    public synchronized void commitRound(RoundResult r) {
        commitRound(r, null);
    }

    /**
     * Commits a completed round, the global model after it and the strategy's server state after it
     * ({@code state} null for a strategy without one), atomically. The state of earlier rounds is
     * dropped in the same transaction: a resume needs only the newest.
     */
    public synchronized void commitRound(RoundResult r, StrategyState state) {
        try {
            conn.setAutoCommit(false);
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO fedmed_study_rounds (study, round_no, participants, failures,"
                    + " aggregated, train_loss, test_accuracy, test_roc_auc, bytes_to_sites, bytes_from_sites, seconds, finished_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, study());
                ps.setInt(2, r.round());
                ps.setString(3, String.join(",", r.participants()));
                ps.setString(4, failures(r.failures()));
                ps.setBoolean(5, r.aggregated());
                setDouble(ps, 6, r.trainLoss());
                setDouble(ps, 7, r.globalEvaluation() == null ? Double.NaN : r.globalEvaluation().metrics().accuracy());
                setDouble(ps, 8, r.globalEvaluation() == null ? Double.NaN : r.globalEvaluation().metrics().rocAuc());
                ps.setLong(9, r.bytesToSites());
                ps.setLong(10, r.bytesFromSites());
                ps.setDouble(11, r.seconds());
                ps.setTimestamp(12, Timestamp.from(Instant.now()));
                ps.executeUpdate();
            }
            insertCheckpoint(r.round(), r.global(), state);
            if (state != null) {
                // only the newest state is needed to resume; older ones would double or triple the store
                try (PreparedStatement ps = conn.prepareStatement("UPDATE fedmed_study_checkpoints SET strategy_state = NULL"
                        + " WHERE study = ? AND round_no < ? AND strategy_state IS NOT NULL")) {
                    ps.setString(1, study());
                    ps.setInt(2, r.round());
                    ps.executeUpdate();
                }
            }
            conn.commit();
            flushToDisk();
        } catch (SQLException e) {
            rollback();
            throw new IllegalStateException("run store: cannot commit round " + r.round() + ": " + e.getMessage(), e);
        } finally {
            autoCommit();
        }
    }

    private void insertCheckpoint(int round, ModelWeights w, StrategyState state) throws SQLException {
        byte[] payload = Weights.encode(w);
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO fedmed_study_checkpoints (study, round_no, layout, parameters,"
                + " sha256, weights, created_at, strategy_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, study());
            ps.setInt(2, round);
            ps.setString(3, layout(w.specs()));
            ps.setLong(4, w.size());
            ps.setString(5, HexFormat.of().formatHex(Weights.sha256(payload)));
            ps.setBytes(6, payload);
            ps.setTimestamp(7, Timestamp.from(Instant.now()));
            if (state == null) {
                ps.setNull(8, postgres ? Types.BINARY : Types.BLOB);
            } else {
                ps.setBytes(8, state.toBytes());
            }
            ps.executeUpdate();
        }
    }

    /** An own-data study's fitted preprocessing, if it has been stored. */
    public synchronized Optional<String> preprocessing() {
        try (PreparedStatement ps = conn.prepareStatement("SELECT fit FROM fedmed_study_preprocessing WHERE study = ?")) {
            ps.setString(1, study());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("run store: " + e.getMessage(), e);
        }
    }

    /** The newest checkpoint, if any. */
    public synchronized Optional<Checkpoint> lastCheckpoint() {
        try (PreparedStatement ps = conn.prepareStatement("SELECT round_no, layout, sha256, weights, strategy_state"
                + " FROM fedmed_study_checkpoints WHERE study = ? ORDER BY round_no DESC LIMIT 1")) {
            ps.setString(1, study());
            return newest(ps);
        } catch (SQLException e) {
            throw new IllegalStateException("run store: " + e.getMessage(), e);
        }
    }

    private Optional<Checkpoint> newest(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            int round = rs.getInt(1);
            List<TensorSpec> specs = parseLayout(rs.getString(2));
            byte[] payload = rs.getBytes(4);
            if (!HexFormat.of().formatHex(Weights.sha256(payload)).equals(rs.getString(3))) {
                throw new IllegalStateException("run store: checkpoint of round " + round + " is corrupt (SHA-256 mismatch)");
            }
            byte[] state = rs.getBytes(5);
            StrategyState strategyState;
            try {
                strategyState = state == null ? null : StrategyState.fromBytes(state);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("run store: strategy state of round " + round + " is corrupt: " + e.getMessage(), e);
            }
            return Optional.of(new Checkpoint(round, Weights.decode(specs, payload), strategyState));
        }
    }

    /** The stored rounds, in order. */
    public synchronized List<StoredRound> rounds() {
        List<StoredRound> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT round_no, participants, failures, aggregated, train_loss,"
                + " test_accuracy, test_roc_auc, bytes_to_sites, bytes_from_sites, seconds FROM fedmed_study_rounds WHERE study = ?"
                + " ORDER BY round_no")) {
            ps.setString(1, study());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String p = rs.getString(2);
                    out.add(new StoredRound(rs.getInt(1), p.isEmpty() ? List.of() : List.of(p.split(",")), rs.getString(3),
                            rs.getBoolean(4), getDouble(rs, 5), getDouble(rs, 6), getDouble(rs, 7), rs.getLong(8), rs.getLong(9),
                            rs.getDouble(10)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("run store: " + e.getMessage(), e);
        }
        return out;
    }

    private static String failures(Map<String, String> f) {
        StringBuilder b = new StringBuilder();
        f.forEach((k, v) -> b.append(b.length() == 0 ? "" : "\n").append(k).append(": ").append(v));
        return b.length() > 7900 ? b.substring(0, 7900) + "..." : b.toString();
    }

    static String layout(List<TensorSpec> specs) {
        StringBuilder b = new StringBuilder();
        for (TensorSpec s : specs) {
            if (s.name().contains("\t") || s.name().contains("\n")) {
                throw new IllegalArgumentException("tensor name with a tab or newline: " + s.name());
            }
            b.append(s.name()).append('\t');
            int[] shape = s.shape();
            for (int i = 0; i < shape.length; i++) {
                b.append(i == 0 ? "" : ",").append(shape[i]);
            }
            b.append('\n');
        }
        return b.toString();
    }

    static List<TensorSpec> parseLayout(String text) {
        List<TensorSpec> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int tab = line.indexOf('\t');
            String dims = line.substring(tab + 1);
            int[] shape = dims.isEmpty() ? new int[0] : Arrays.stream(dims.split(",")).mapToInt(Integer::parseInt).toArray();
            out.add(new TensorSpec(line.substring(0, tab), shape));
        }
        return out;
    }

    private static void setDouble(PreparedStatement ps, int i, double v) throws SQLException {
        if (Double.isFinite(v)) {
            ps.setDouble(i, v);
        } else {
            ps.setNull(i, Types.DOUBLE);
        }
    }

    private static Double getDouble(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }

    /**
     * Makes a commit survive the process being killed right after it: embedded H2 writes committed
     * changes to its file in the background up to a second later, so a coordinator killed within that
     * second lost its last rounds (seen in ProcessFederationTest under load). PostgreSQL commits are
     * durable already.
     */
    private void flushToDisk() throws SQLException {
        if (!postgres) {
            try (Statement st = conn.createStatement()) {
                st.execute("CHECKPOINT SYNC");
            }
        }
    }

    private void rollback() {
        try {
            conn.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; nothing was committed
        }
    }

    private void autoCommit() {
        try {
            conn.setAutoCommit(true);
        } catch (SQLException ignored) {
            // closed connection
        }
    }

    @Override
    public synchronized void close() {
        try {
            conn.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
