package org.fedmed.net.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The run store's tables, one set for all studies (every row carries its study's name), and the
 * one-time move of a store written before several studies shared a database: its single study is
 * copied under the federation's name in one transaction, then the old tables are dropped.
 */
final class StoreSchema {

    private StoreSchema() {
    }

    static void create(Connection conn, boolean postgres) throws SQLException {
        String blob = postgres ? "BYTEA" : "BLOB";
        String text = postgres ? "TEXT" : "CLOB";
        try (Statement st = conn.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS fedmed_studies (study VARCHAR(128) PRIMARY KEY, fingerprint VARCHAR(8000) NOT NULL,"
                    + " planned_rounds INT NOT NULL, created_at TIMESTAMP NOT NULL)");
            st.execute("CREATE TABLE IF NOT EXISTS fedmed_study_sites (study VARCHAR(128) NOT NULL, site_id VARCHAR(64) NOT NULL,"
                    + " cert_serial VARCHAR(64), last_seen TIMESTAMP, PRIMARY KEY (study, site_id))");
            st.execute("CREATE TABLE IF NOT EXISTS fedmed_study_rounds (study VARCHAR(128) NOT NULL, round_no INT NOT NULL,"
                    + " participants VARCHAR(8000) NOT NULL, failures VARCHAR(8000) NOT NULL, aggregated BOOLEAN NOT NULL,"
                    + " train_loss DOUBLE PRECISION, test_accuracy DOUBLE PRECISION, test_roc_auc DOUBLE PRECISION,"
                    + " bytes_to_sites BIGINT NOT NULL, bytes_from_sites BIGINT NOT NULL, seconds DOUBLE PRECISION NOT NULL,"
                    + " finished_at TIMESTAMP NOT NULL, PRIMARY KEY (study, round_no))");
            st.execute("CREATE TABLE IF NOT EXISTS fedmed_study_checkpoints (study VARCHAR(128) NOT NULL, round_no INT NOT NULL,"
                    + " layout VARCHAR(1000000) NOT NULL, parameters BIGINT NOT NULL, sha256 VARCHAR(64) NOT NULL,"
                    + " weights " + blob + " NOT NULL, created_at TIMESTAMP NOT NULL, strategy_state " + blob + ","
                    + " PRIMARY KEY (study, round_no))");
            // an own-data study's fitted preprocessing, stored with the initial model
            st.execute("CREATE TABLE IF NOT EXISTS fedmed_study_preprocessing (study VARCHAR(128) PRIMARY KEY, fit " + text
                    + " NOT NULL, created_at TIMESTAMP NOT NULL)");
            AuditChainTable.create(st, postgres);
        }
        migrateSingleStudyStore(conn, blob);
    }

    /** The tables of a store from before several studies shared it (one study, no study column). */
    private static final String[] LEGACY = {"fedmed_meta", "fedmed_sites", "fedmed_rounds", "fedmed_checkpoints", "fedmed_preprocessing"};

    private static void migrateSingleStudyStore(Connection conn, String blob) throws SQLException {
        if (!tableExists(conn, "fedmed_meta")) {
            return;
        }
        Optional<String> fingerprint = legacyFingerprint(conn);
        if (fingerprint.isPresent()) {
            String name = legacyName(fingerprint.get());
            boolean copied;
            try (PreparedStatement ps = conn.prepareStatement("SELECT 1 FROM fedmed_studies WHERE study = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    copied = rs.next();
                }
            }
            if (!copied) {
                copyLegacy(conn, name, fingerprint.get(), blob);
            }
        }
        // the copy is committed (or there was nothing to copy): the old tables go
        try (Statement st = conn.createStatement()) {
            for (String t : LEGACY) {
                st.execute("DROP TABLE IF EXISTS " + t);
            }
        }
    }

    private static Optional<String> legacyFingerprint(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT meta_value FROM fedmed_meta WHERE meta_key = 'study'")) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    /** A single-study store's study is named after its federation ({@code federation=NAME, ...}). */
    static String legacyName(String fingerprint) {
        String prefix = "federation=";
        if (fingerprint.startsWith(prefix)) {
            int end = fingerprint.indexOf(',');
            String name = (end < 0 ? fingerprint.substring(prefix.length()) : fingerprint.substring(prefix.length(), end)).trim();
            if (!name.isEmpty() && name.length() <= 128) {
                return name;
            }
        }
        return "study";
    }

    private static void copyLegacy(Connection conn, String name, String fingerprint, String blob) throws SQLException {
        if (tableExists(conn, "fedmed_checkpoints")) {
            // a store from before strategy state was kept has no such column (DDL commits on H2: before the transaction)
            try (Statement st = conn.createStatement()) {
                st.execute("ALTER TABLE fedmed_checkpoints ADD COLUMN IF NOT EXISTS strategy_state " + blob);
            }
        }
        boolean auto = conn.getAutoCommit();
        conn.setAutoCommit(false);
        try {
            int planned = 0;
            if (tableExists(conn, "fedmed_checkpoints")) {
                try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT MAX(round_no) FROM fedmed_checkpoints")) {
                    planned = rs.next() ? rs.getInt(1) : 0;
                }
            }
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO fedmed_studies (study, fingerprint, planned_rounds, created_at)"
                    + " VALUES (?, ?, ?, CURRENT_TIMESTAMP)")) {
                ps.setString(1, name);
                ps.setString(2, fingerprint);
                ps.setInt(3, plannedRounds(fingerprint, planned));
                ps.executeUpdate();
            }
            if (tableExists(conn, "fedmed_sites")) {
                copy(conn, name, "fedmed_study_sites (study, site_id, cert_serial, last_seen)",
                        "site_id, cert_serial, last_seen FROM fedmed_sites");
            }
            if (tableExists(conn, "fedmed_rounds")) {
                copy(conn, name, "fedmed_study_rounds (study, round_no, participants, failures, aggregated, train_loss, test_accuracy,"
                        + " test_roc_auc, bytes_to_sites, bytes_from_sites, seconds, finished_at)",
                        "round_no, participants, failures, aggregated, train_loss, test_accuracy, test_roc_auc, bytes_to_sites,"
                        + " bytes_from_sites, seconds, finished_at FROM fedmed_rounds");
            }
            if (tableExists(conn, "fedmed_checkpoints")) {
                copy(conn, name, "fedmed_study_checkpoints (study, round_no, layout, parameters, sha256, weights, created_at,"
                        + " strategy_state)", "round_no, layout, parameters, sha256, weights, created_at, strategy_state FROM fedmed_checkpoints");
            }
            if (tableExists(conn, "fedmed_preprocessing")) {
                copy(conn, name, "fedmed_study_preprocessing (study, fit, created_at)", "fit, created_at FROM fedmed_preprocessing");
            }
            conn.commit();
        } catch (SQLException e) {
            conn.rollback();
            throw e;
        } finally {
            conn.setAutoCommit(auto);
        }
    }

    private static void copy(Connection conn, String name, String into, String select) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO " + into + " SELECT ?, " + select)) {
            ps.setString(1, name);
            ps.executeUpdate();
        }
    }

    /** The planned rounds from a fingerprint's {@code rounds=N}, else the rounds stored. */
    private static int plannedRounds(String fingerprint, int stored) {
        for (String part : fingerprint.split(", ")) {
            if (part.startsWith("rounds=")) {
                try {
                    return Integer.parseInt(part.substring("rounds=".length()).trim());
                } catch (NumberFormatException e) {
                    return stored;
                }
            }
        }
        return stored;
    }

    static boolean tableExists(Connection conn, String table) throws SQLException {
        DatabaseMetaData md = conn.getMetaData();
        // H2 folds unquoted names to upper case, PostgreSQL to lower case
        for (String candidate : new String[] {table, table.toUpperCase(java.util.Locale.ROOT)}) {
            try (ResultSet rs = md.getTables(null, null, candidate, new String[] {"TABLE", "BASE TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
