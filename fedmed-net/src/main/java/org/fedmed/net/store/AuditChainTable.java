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
 * The coordinator's audit chain in the run store, table {@code fedmed_audit}: one row per entry, its
 * canonical JSON line as written and signed, with the number, time, author, type and round beside it
 * for queries. Rows are only ever inserted; the verifier trusts the lines, not the columns.
 */
public final class AuditChainTable implements AuditTrail.Store {

    static final String TABLE = "fedmed_audit";

    private final Connection conn;
    private final Object lock;

    AuditChainTable(Connection conn, Object lock) {
        this.conn = conn;
        this.lock = lock;
    }

    static void create(Statement st, boolean postgres) throws SQLException {
        st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (seq BIGINT PRIMARY KEY, entry_time TIMESTAMP NOT NULL,"
                + " author VARCHAR(64) NOT NULL, entry_type VARCHAR(64) NOT NULL, round_no INT NOT NULL, line "
                + (postgres ? "TEXT" : "CLOB") + " NOT NULL)");
    }

    @Override
    public List<ChainEntry> readAll() {
        synchronized (lock) {
            try {
                return ChainLines.parseOrFail(lines(conn), "the run store's audit chain");
            } catch (SQLException e) {
                throw new IllegalStateException("run store: cannot read the audit chain: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void append(ChainEntry e) {
        synchronized (lock) {
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO " + TABLE
                    + " (seq, entry_time, author, entry_type, round_no, line) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, e.seq());
                ps.setTimestamp(2, Timestamp.from(e.time()));
                ps.setString(3, e.author());
                ps.setString(4, e.type());
                ps.setInt(5, e.round());
                ps.setString(6, e.toJson());
                ps.executeUpdate();
            } catch (SQLException ex) {
                throw new IllegalStateException("run store: cannot append audit entry " + e.seq() + ": " + ex.getMessage(), ex);
            }
        }
    }

    private static List<String> lines(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT line FROM " + TABLE + " ORDER BY seq")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /**
     * The chain's lines in a run store, read without creating or changing anything: an H2 file that
     * does not exist, or a store without the table, is refused with one line.
     */
    public static List<String> readLines(String jdbcUrl) {
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
                return lines(c);
            }
        } catch (SQLException e) {
            throw new UncheckedIOException("cannot read the run store " + RunStore.redact(jdbcUrl) + ": "
                    + RunStore.redact(String.valueOf(e.getMessage())), new IOException(e));
        }
    }
}
