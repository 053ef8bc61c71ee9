package org.fedmed.net.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.fedmed.core.trail.AuditTrail;
import org.fedmed.core.trail.ChainEntry;
import org.fedmed.net.trail.ChainLines;

/**
 * A study's audit chain in the run store, table {@code fedmed_study_audit}: one row per entry (keyed
 * by study and entry number), its canonical JSON line as written and signed, with the time, author,
 * type and round beside it for queries. Rows are only ever inserted; the verifier trusts the lines,
 * not the columns.
 */
public final class AuditChainTable implements AuditTrail.Store {

    static final String TABLE = "fedmed_study_audit";

    private final Connection conn;
    private final Object lock;
    private final String study;

    AuditChainTable(Connection conn, Object lock, String study) {
        this.conn = conn;
        this.lock = lock;
        this.study = study;
    }

    static void create(Statement st, boolean postgres) throws SQLException {
        st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (study VARCHAR(128) NOT NULL, seq BIGINT NOT NULL,"
                + " entry_time TIMESTAMP NOT NULL, author VARCHAR(64) NOT NULL, entry_type VARCHAR(64) NOT NULL,"
                + " round_no INT NOT NULL, line " + (postgres ? "TEXT" : "CLOB") + " NOT NULL, PRIMARY KEY (study, seq))");
    }

    @Override
    public List<ChainEntry> readAll() {
        synchronized (lock) {
            try {
                return ChainLines.parseOrFail(lines(conn, study), "the run store's audit chain of study '" + study + "'");
            } catch (SQLException e) {
                throw new IllegalStateException("run store: cannot read the audit chain: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void append(ChainEntry e) {
        synchronized (lock) {
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO " + TABLE
                    + " (study, seq, entry_time, author, entry_type, round_no, line) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, study);
                ps.setLong(2, e.seq());
                ps.setTimestamp(3, Timestamp.from(e.time()));
                ps.setString(4, e.author());
                ps.setString(5, e.type());
                ps.setInt(6, e.round());
                ps.setString(7, e.toJson());
                ps.executeUpdate();
            } catch (SQLException ex) {
                throw new IllegalStateException("run store: cannot append audit entry " + e.seq() + ": " + ex.getMessage(), ex);
            }
        }
    }

    private static List<String> lines(Connection c, String study) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT line FROM " + TABLE + " WHERE study = ? ORDER BY seq")) {
            ps.setString(1, study);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** The study to read: the one named, or the store's only study; refused in one line otherwise. */
    private static String chooseStudy(Connection c, String study, String url) throws SQLException {
        List<String> studies = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT DISTINCT study FROM " + TABLE + " ORDER BY study")) {
            while (rs.next()) {
                studies.add(rs.getString(1));
            }
        }
        if (study != null) {
            if (!studies.contains(study)) {
                throw new IllegalArgumentException("the run store " + RunStore.redact(url) + " holds no audit chain of study '" + study
                        + "'" + (studies.isEmpty() ? "" : " (it has: " + String.join(", ", studies) + ")"));
            }
            return study;
        }
        if (studies.size() != 1) {
            throw new IllegalArgumentException("the run store " + RunStore.redact(url) + (studies.isEmpty() ? " holds no audit chain"
                    : " holds the audit chains of " + studies.size() + " studies (" + String.join(", ", studies) + "): give --study NAME"));
        }
        return studies.get(0);
    }

    /**
     * A study's chain lines in a run store, read without creating or changing anything: an H2 file that
     * does not exist, a store without the table or without that study's chain is refused with one line.
     *
     * @param study the study's name, or null for the store's only study
     */
    public static List<String> readLines(String jdbcUrl, String study) {
        String url = jdbcUrl;
        String h2 = "jdbc:h2:file:";
        if (url.startsWith(h2)) {
            String base = url.substring(h2.length()).split(";", 2)[0];
            if (!Files.exists(Path.of(base + ".mv.db"))) {
                throw new IllegalArgumentException("no run store at " + RunStore.redact(jdbcUrl) + " (" + base + ".mv.db does not exist)");
            }
            url = url + ";IFEXISTS=TRUE;ACCESS_MODE_DATA=r";
        }
        try {
            DriverManager.setLoginTimeout(RunStore.LOGIN_TIMEOUT_SECONDS);
            try (Connection c = DriverManager.getConnection(url)) {
                try (ResultSet t = c.getMetaData().getTables(null, null, null, new String[] {"TABLE"})) {
                    boolean found = false;
                    while (t.next()) {
                        found |= TABLE.equalsIgnoreCase(t.getString("TABLE_NAME"));
                    }
                    if (!found) {
                        throw new IllegalArgumentException("the run store " + RunStore.redact(jdbcUrl) + " holds no audit chain (table "
                                + TABLE + "): written by a FedMed without the audit trail?");
                    }
                }
                return lines(c, chooseStudy(c, study, jdbcUrl));
            }
        } catch (SQLException e) {
            throw new UncheckedIOException("cannot read the run store " + RunStore.redact(jdbcUrl) + ": "
                    + RunStore.redact(String.valueOf(e.getMessage())), new IOException(e));
        }
    }
}
