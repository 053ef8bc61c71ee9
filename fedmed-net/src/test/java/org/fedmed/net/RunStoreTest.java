package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedmed.core.federation.Federation;
import org.fedmed.core.federation.RoundListener;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.metrics.ClassificationMetrics;
import org.fedmed.core.metrics.ConfusionMatrix;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.optimizer.AdaptiveServerOptimizer;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.strategy.FedAdam;
import org.fedmed.core.strategy.Strategy;
import org.fedmed.core.strategy.StrategyOptions;
import org.fedmed.core.strategy.StrategyState;
import org.fedmed.core.trail.ChainEntry;
import org.fedmed.core.trail.EntryType;
import org.fedmed.net.coordinator.StrategyResume;
import org.fedmed.net.store.AuditChainTable;
import org.fedmed.net.store.RunStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run store on H2 (always) and PostgreSQL (when FEDMED_TEST_POSTGRES_URL is set, as .ci/run does). */
class RunStoreTest {

    @Test
    void h2KeepsRoundsAndCheckpointsAcrossRestarts(@TempDir Path dir) throws Exception {
        exercise("jdbc:h2:file:" + dir.resolve("state").toAbsolutePath());
        auditChain("jdbc:h2:file:" + dir.resolve("state").toAbsolutePath());
    }

    @Test
    void postgresKeepsRoundsAndCheckpointsAcrossRestarts() throws Exception {
        String url = System.getenv("FEDMED_TEST_POSTGRES_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(),
                "PostgreSQL variant skipped: FEDMED_TEST_POSTGRES_URL is not set (.ci/run starts PostgreSQL and sets it)");
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            for (String t : List.of("fedmed_meta", "fedmed_sites", "fedmed_rounds", "fedmed_checkpoints", "fedmed_preprocessing",
                    "fedmed_studies", "fedmed_study_sites", "fedmed_study_rounds", "fedmed_study_checkpoints", "fedmed_study_preprocessing",
                    "fedmed_study_audit")) {
                st.execute("DROP TABLE IF EXISTS " + t);
            }
        }
        exercise(url);
        auditChain(url);
    }

    /**
     * The audit chain's table: entries appended through the store come back as written, in order, read
     * without the store; each study has its own chain.
     */
    private static void auditChain(String url) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        PrivateKey key = g.generateKeyPair().getPrivate();
        ChainEntry first = ChainEntry.sign(null, Instant.parse("2026-12-03T10:00:00Z"), "coordinator", "k", EntryType.ROUND_STARTED, 1,
                Map.of(), key);
        ChainEntry second = ChainEntry.sign(first, Instant.parse("2026-12-03T10:00:01Z"), "coordinator", "k", EntryType.UPDATE_RECEIVED, 1,
                Map.of("site", "site-1", "digest", "ab"), key);
        try (RunStore s = RunStore.open(url)) {
            s.bindStudy("audit A", "fingerprint A", 2);
            s.auditChain().append(first);
            s.auditChain().append(second);
            assertEquals(List.of(first.toJson(), second.toJson()), s.auditChain().readAll().stream().map(ChainEntry::toJson).toList());
            // an entry number is written once
            assertThrows(IllegalStateException.class, () -> s.auditChain().append(first));
            s.bindStudy("audit B", "fingerprint B", 2);
            s.auditChain().append(first);
        }
        assertEquals(List.of(first.toJson(), second.toJson()), AuditChainTable.readLines(url, "audit A"));
        assertEquals(List.of(first.toJson()), AuditChainTable.readLines(url, "audit B"));
        IllegalArgumentException which = assertThrows(IllegalArgumentException.class, () -> AuditChainTable.readLines(url, null));
        assertTrue(which.getMessage().endsWith("holds the audit chains of 2 studies (audit A, audit B): give --study NAME"), which.getMessage());
    }

    /** An own-data study's fitted preprocessing, as large as a study with thousands of columns makes it. */
    private static final String PREPROCESSING = "{\"input_names\": [" + "\"a-long-column-name\", ".repeat(20_000) + "\"z\"]}";

    private static void exercise(String url) {
        ModelWeights w0 = ModelWeights.of(List.of(new TensorSpec("fc.weight", new int[] {2, 3}), new TensorSpec("fc.bias", new int[] {2})),
                new float[] {1, 2, 3, 4, 5, 6, 7, 8});
        try (RunStore s = RunStore.open(url)) {
            s.bindStudy("A", "study A", 3);
            assertTrue(s.lastCheckpoint().isEmpty());
            assertTrue(s.preprocessing().isEmpty());
            s.saveInitial(w0, PREPROCESSING);
            s.recordSite("site-1", "abc");
            s.recordSite("site-1", "abd");
            s.commitRound(round(1, w0.withValues(new float[] {1, 1, 1, 1, 1, 1, 1, Float.MIN_VALUE})));
            s.commitRound(round(2, w0.withValues(new float[] {2, 2, 2, 2, 2, 2, 2, -0f})));
            // the same round twice is refused and changes nothing
            IllegalStateException dup = assertThrows(IllegalStateException.class, () -> s.commitRound(round(2, w0)));
            assertTrue(dup.getMessage().contains("round 2"));
            assertEquals(null, s.lastCheckpoint().orElseThrow().strategyState(), "a strategy without state stores none");
            // round 3 with a strategy state; a duplicate round 3 with another state is refused and leaves it alone
            s.commitRound(round(3, w0.withValues(new float[] {3, 3, 3, 3, 3, 3, 3, 3})), STATE);
            assertThrows(IllegalStateException.class, () -> s.commitRound(round(3, w0),
                    new StrategyState("fedadam", Map.of("m", new float[8], "v", new float[8]))));
        }
        // a second study in the same database: its own rounds, the first study's untouched
        try (RunStore s = RunStore.open(url)) {
            s.bindStudy("B", "study B", 5);
            assertTrue(s.lastCheckpoint().isEmpty(), "study B starts empty beside study A");
            s.saveInitial(w0);
            s.commitRound(round(1, w0.withValues(new float[] {9, 9, 9, 9, 9, 9, 9, 9})));
            assertEquals(List.of(1), s.rounds().stream().map(RunStore.StoredRound::round).toList());
            assertTrue(s.preprocessing().isEmpty(), "study A's preprocessing is not study B's");
        }
        try (RunStore s = RunStore.open(url)) {
            IllegalArgumentException changed = assertThrows(IllegalArgumentException.class, () -> s.bindStudy("A", "study A changed", 3));
            assertTrue(changed.getMessage().contains("study 'A' was started with another configuration")
                    && changed.getMessage().contains("study_name"), changed.getMessage());
            List<RunStore.StudySummary> studies = s.studies();
            assertEquals(List.of("A", "B"), studies.stream().map(RunStore.StudySummary::name).toList());
            assertEquals(List.of(3, 1), studies.stream().map(RunStore.StudySummary::roundsStored).toList());
            assertEquals(List.of(3, 5), studies.stream().map(RunStore.StudySummary::plannedRounds).toList());
            assertEquals(0.9, studies.get(0).lastAccuracy());
            s.bindStudy("A", "study A", 3);
            RunStore.Checkpoint cp = s.lastCheckpoint().orElseThrow();
            assertEquals(3, cp.round());
            assertEquals(PREPROCESSING, s.preprocessing().orElseThrow(), "the fitted preprocessing comes back as stored");
            assertEquals(w0.specs(), cp.weights().specs());
            assertArrayEquals(new float[] {3, 3, 3, 3, 3, 3, 3, 3}, cp.weights().values());
            assertEquals(STATE, cp.strategyState(), "the strategy state comes back bit for bit");
            List<RunStore.StoredRound> rounds = s.rounds();
            assertEquals(List.of(1, 2, 3), rounds.stream().map(RunStore.StoredRound::round).toList());
            assertEquals(List.of("site-1", "site-2"), rounds.get(0).participants());
            assertEquals(0.9, rounds.get(1).testAccuracy());
            assertEquals(null, rounds.get(1).testRocAuc());
            assertTrue(rounds.get(1).failures().contains("site-3: late"));
        }
    }

    private static final StrategyState STATE = new StrategyState("fedadam", new LinkedHashMap<>(Map.of(
            "m", new float[] {1, -2, 3, Float.MIN_VALUE, -0f, 6, 7, 8},
            "v", new float[] {1e-6f, 2, 3, 4, 5, 6, 7, Float.MAX_VALUE})));

    @Test
    void aDatabaseThatIsDownIsOneLineWithoutThePassword() {
        int port = NetFixtures.freePort(); // nothing listens there
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> RunStore.open("jdbc:postgresql://127.0.0.1:" + port + "/fedmed?user=fedmed&password=s3cret"));
        assertTrue(e.getMessage().startsWith("cannot open the run store jdbc:postgresql://127.0.0.1:" + port
                + "/fedmed?user=fedmed&password=***: "), e.getMessage());
        assertTrue(!e.getMessage().contains("s3cret") && !e.getMessage().contains("\n"), e.getMessage());
    }

    /**
     * A store written before several studies shared a database (one study, tables without a study
     * column, checkpoints from before strategy state): opening it moves its study, named after its
     * federation, into the shared tables, and a coordinator with the same configuration resumes it.
     */
    @Test
    void aSingleStudyStoreFromAnEarlierVersionIsMovedIntoTheSharedTables(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("old").toAbsolutePath();
        ModelWeights w0 = ModelWeights.of(List.of(new TensorSpec("b", new int[] {2})), new float[] {1, 2});
        String fingerprint = "federation=stroke, dataset=wdbc, rounds=4";
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE fedmed_meta (meta_key VARCHAR(64) PRIMARY KEY, meta_value VARCHAR(4000) NOT NULL)");
            st.execute("INSERT INTO fedmed_meta VALUES ('study', '" + fingerprint + "')");
            st.execute("CREATE TABLE fedmed_rounds (round_no INT PRIMARY KEY, participants VARCHAR(8000) NOT NULL,"
                    + " failures VARCHAR(8000) NOT NULL, aggregated BOOLEAN NOT NULL, train_loss DOUBLE PRECISION,"
                    + " test_accuracy DOUBLE PRECISION, test_roc_auc DOUBLE PRECISION, bytes_to_sites BIGINT NOT NULL,"
                    + " bytes_from_sites BIGINT NOT NULL, seconds DOUBLE PRECISION NOT NULL, finished_at TIMESTAMP NOT NULL)");
            st.execute("INSERT INTO fedmed_rounds VALUES (1, 'site-1,site-2', '', TRUE, 0.4, 0.8, NULL, 10, 20, 1.0, CURRENT_TIMESTAMP)");
            st.execute("CREATE TABLE fedmed_checkpoints (round_no INT PRIMARY KEY, layout VARCHAR(1000000) NOT NULL,"
                    + " parameters BIGINT NOT NULL, sha256 VARCHAR(64) NOT NULL, weights BLOB NOT NULL, created_at TIMESTAMP NOT NULL)");
        }
        try (RunStore s = RunStore.open(url)) {
            // the old checkpoint rows are written through a study bound to the legacy name, then compared
            assertEquals(List.of("stroke"), s.studies().stream().map(RunStore.StudySummary::name).toList());
            RunStore.StudySummary moved = s.studies().get(0);
            assertEquals(fingerprint, moved.fingerprint());
            assertEquals(4, moved.plannedRounds());
            assertEquals(1, moved.roundsStored());
            s.bindStudy("stroke", fingerprint, 4);
            assertEquals(List.of("site-1", "site-2"), s.rounds().get(0).participants());
            assertEquals(0.8, s.rounds().get(0).testAccuracy());
            s.saveInitial(w0);
            s.commitRound(round(2, w0), new StrategyState("fedavgm", Map.of("velocity", new float[] {0.5f, -0.5f})));
            assertArrayEquals(new float[] {0.5f, -0.5f}, s.lastCheckpoint().orElseThrow().strategyState().array("velocity"));
        }
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME IN"
                     + " ('FEDMED_META', 'FEDMED_ROUNDS', 'FEDMED_CHECKPOINTS')")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "the old tables are gone once their study is moved");
        }
    }

    @Test
    void aStoreIsReadOnlyThroughAChosenStudy(@TempDir Path dir) {
        try (RunStore s = RunStore.open("jdbc:h2:file:" + dir.resolve("s").toAbsolutePath())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, s::rounds);
            assertTrue(e.getMessage().contains("no study chosen"), e.getMessage());
            assertTrue(!s.useStudy("absent"), "a study that was never bound is not there to read");
            assertThrows(IllegalArgumentException.class, () -> s.bindStudy(" ", "fp", 1));
        }
    }

    /**
     * Resume through the run store in process, no network: FedAdam for 2 of 5 rounds committing each
     * round with its state, a "restart" with a fresh strategy restored from the store, rounds 3..5:
     * bit-identical weights to an uninterrupted 5-round run. Without the restored state they differ.
     */
    @Test
    void fedAdamResumedFromTheStoreIsBitIdenticalToAnUninterruptedRun(@TempDir Path dir) throws Exception {
        List<SiteClient> sites = List.of(new NetFixtures.FakeSite("site-1", 0.1f, 10),
                new NetFixtures.FakeSite("site-2", -0.03f, 30), new NetFixtures.FakeSite("site-3", 0.07f, 20));
        ModelWeights w0 = ModelWeights.of(List.of(new TensorSpec("w", new int[] {5})), new float[] {0.1f, -0.2f, 0.3f, 0f, 1f});
        ModelWeights uninterrupted = federation(fedAdam(), sites, 5, null).run(w0).finalWeights();

        String url = "jdbc:h2:file:" + dir.resolve("state").toAbsolutePath();
        try (RunStore s = RunStore.open(url)) {
            s.bindStudy("adam", "fedadam study", 5);
            s.saveInitial(w0);
            FedAdam first = fedAdam();
            federation(first, sites, 2, r -> s.commitRound(r, first.saveState())).run(w0);
        }
        ModelWeights resumed;
        ModelWeights resumedWithoutState;
        try (RunStore s = RunStore.open(url)) {
            s.bindStudy("adam", "fedadam study", 5);
            RunStore.Checkpoint cp = s.lastCheckpoint().orElseThrow();
            assertEquals(2, cp.round());
            FedAdam again = fedAdam();
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            StrategyResume.restore(again, cp, new PrintStream(log, true));
            assertTrue(log.toString().contains("restored the fedadam server state of round 2"), log.toString());
            resumed = federation(again, sites, 5, r -> s.commitRound(r, again.saveState())).run(cp.weights(), 3).finalWeights();
            resumedWithoutState = federation(fedAdam(), sites, 5, null).run(cp.weights(), 3).finalWeights();
            assertEquals(List.of(1, 2, 3, 4, 5), s.rounds().stream().map(RunStore.StoredRound::round).toList());
        }
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT round_no FROM fedmed_study_checkpoints WHERE strategy_state IS NOT NULL")) {
            assertTrue(rs.next());
            assertEquals(5, rs.getInt(1), "only the newest round keeps its strategy state");
            assertTrue(!rs.next());
        }
        assertArrayEquals(uninterrupted.values(), resumed.values(), "resumed FedAdam is bit-identical");
        assertTrue(!Arrays.equals(uninterrupted.values(), resumedWithoutState.values()),
                "the test is sensitive: without the stored moments the weights differ");
    }

    private static FedAdam fedAdam() {
        return new FedAdam(StrategyOptions.defaults(), AdaptiveServerOptimizer.Hyper.defaults());
    }

    private static Federation federation(Strategy strategy,
            List<SiteClient> sites, int rounds, RoundListener listener) {
        var b = Federation.builder().strategy(strategy).sites(sites).rounds(rounds);
        if (listener != null) {
            b.listener(listener);
        }
        return b.build();
    }

    private static RoundResult round(int n, ModelWeights global) {
        var metrics = ClassificationMetrics.fromConfusion(
                ConfusionMatrix.ofCounts(new long[][] {{9, 1}, {0, 0}}), Double.NaN);
        return new RoundResult(n, global, List.of("site-1", "site-2"), Map.of("site-3", "late: no answer"), true, 0.5,
                new EvaluationResult(0.3, metrics), List.of(), 1.5, 100, 200);
    }
}
