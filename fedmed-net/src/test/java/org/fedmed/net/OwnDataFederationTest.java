package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fedmed.core.explain.SiteExplanation;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.data.read.HeartDiseaseReader;
import org.fedmed.net.coordinator.Coordinator;
import org.fedmed.net.coordinator.CoordinatorConfig;
import org.fedmed.net.coordinator.PooledEvaluation;
import org.fedmed.net.node.NodeMain;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.store.RunStore;
import org.fedmed.net.transfer.Weights;
import org.fedmed.study.explain.TabularExplanation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hospitals on their own records, end to end in one JVM over mutual TLS: a coordinator and four
 * nodes, each with its own CSV file (three UCI heart hospitals and a fourth whose file has a bad
 * cell). The statistics step, the federated preprocessing, training with DJL and the federated
 * evaluation run for real; the broken node stops with the file, line, column and value while the
 * others finish; a restarted coordinator resumes with the stored preprocessing and no new step.
 */
class OwnDataFederationTest {

    private static final int ROUNDS = 4;

    /** Every coordinator's and node's console, shown when an assertion fails. */
    private final Map<String, ByteArrayOutputStream> consoles = new LinkedHashMap<>();

    @Test
    void hospitalsTrainOnTheirOwnFilesWhileABrokenFileStopsOnlyItsNode(@TempDir Path dir) throws Exception {
        try {
            federate(dir);
        } catch (AssertionError | TimeoutException e) {
            StringBuilder b = new StringBuilder(e.getMessage() == null ? e.toString() : e.getMessage());
            consoles.forEach((name, out) -> b.append("\n---- ").append(name).append(" ----\n").append(text(out)));
            throw new AssertionError(b.toString(), e);
        }
    }

    private Coordinator lastCoordinator; // the coordinator started last

    private void federate(Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, "site-1", "site-2", "site-3", "site-4");
        List<Path> hospitals = OwnDataFixtures.heartHospitals(dir.resolve("data"));
        // cleveland, hungary, va_long_beach train; switzerland's file gets an unreadable age on line 6
        List<Path> files = List.of(hospitals.get(0), hospitals.get(1), hospitals.get(3), breakAge(hospitals.get(2), 6, "6x1"));
        Path config = writeConfig(dir, port);

        ByteArrayOutputStream coordinatorLog = console("coordinator");
        CompletableFuture<Coordinator.Outcome> run = coordinator(config, coordinatorLog);
        List<ByteArrayOutputStream> logs = new ArrayList<>();
        List<CompletableFuture<Integer>> nodes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            logs.add(console("site-" + (i + 1)));
            nodes.add(node(p, "site-" + (i + 1), files.get(i), logs.get(i)));
        }
        Coordinator.Outcome outcome = run.get(240, TimeUnit.SECONDS);
        String log = coordinatorLog.toString(StandardCharsets.UTF_8);

        // the broken node: the full problem on its own console, exit code 1
        assertEquals(1, nodes.get(3).get(30, TimeUnit.SECONDS), text(logs.get(3)));
        String brokenLog = text(logs.get(3));
        assertTrue(brokenLog.contains("switzerland.csv, line 6, column 2 (age): not a finite number"), brokenLog);
        assertTrue(brokenLog.contains("'6x1'"), brokenLog);
        // the coordinator knows where the problem is, never the value
        String reason = outcome.preprocessing().excluded().get("site-4");
        assertTrue(reason.contains("switzerland.csv, line 6, column 2 (age)"), reason);
        assertFalse(reason.contains("6x1") || log.contains("6x1"), reason);
        assertFalse(reason.contains(dir.toString()), "no local path leaves the site: " + reason);
        assertTrue(log.contains("site-4 is not part of this study: site reported: data file switzerland.csv, line 6"), log);

        // the others finish the study on the federated preprocessing
        for (int i = 0; i < 3; i++) {
            assertEquals(0, nodes.get(i).get(30, TimeUnit.SECONDS), text(logs.get(i)));
            assertTrue(text(logs.get(i)).contains("training statistics sent"), text(logs.get(i)));
            assertTrue(text(logs.get(i)).contains("federated preprocessing received"), text(logs.get(i)));
        }
        assertEquals(List.of("site-1", "site-2", "site-3"), outcome.preprocessing().sites());
        var prep = outcome.preprocessing().preprocessing();
        assertEquals(HeartDiseaseReader.FEATURES, prep.inputNames());
        assertTrue(prep.droppedColumns().stream().anyMatch(d -> d.startsWith("ca (")), prep.describe());
        assertEquals(prep.keptColumns().length, outcome.model().inputShape()[0], "the model's inputs are the kept columns");
        assertEquals(outcome.preprocessing().siteRows().values().stream().mapToLong(Long::longValue).sum(), prep.trainRows());
        assertNull(outcome.data(), "the coordinator holds no data");
        assertEquals(ROUNDS, outcome.federation().rounds().size());
        for (RoundResult r : outcome.federation().rounds()) {
            assertEquals(List.of("site-1", "site-2", "site-3"), r.participants(), "round " + r.round() + ": " + r.failures());
            assertTrue(r.aggregated());
            assertNull(r.globalEvaluation(), "no global test set");
            assertEquals(3, r.siteEvaluations().size());
        }
        EvaluationResult last = PooledEvaluation.of(outcome.federation().lastRound().siteEvaluations());
        long[][] cm = last.metrics().confusion();
        double majority = (double) Math.max(cm[0][0] + cm[0][1], cm[1][0] + cm[1][1]) / last.samples();
        // heart is hard (the simulation's 30 rounds on all four hospitals reach 0.76); the sites' test sets are about half disease
        assertTrue(last.metrics().accuracy() >= 0.72 && last.metrics().accuracy() >= majority + 0.15,
                "pooled accuracy on the sites' test sets: " + last.metrics().accuracy() + ", majority class " + majority);
        assertTrue(log.contains("accuracy " + String.format(Locale.ROOT, "%.4f", last.metrics().accuracy())
                + " (sites' test sets"), log);
        System.out.printf("own-data federation: pooled accuracy %.4f over %d test records, %d of %d columns kept%n",
                last.metrics().accuracy(), last.samples(), prep.keptColumns().length, prep.inputNames().size());

        // each hospital explained the final model on its own preprocessed training rows
        TabularExplanation explained = lastCoordinator.explanations().tabular();
        assertEquals(prep.outputNames(), explained.features());
        assertEquals(List.of("site-1", "site-2", "site-3"), explained.sites().stream().map(SiteExplanation::site).toList(), log);
        assertEquals(60, explained.aggregate().rows());
        for (int i = 0; i < 3; i++) {
            assertTrue(text(logs.get(i)).contains("explanation sent: mean |SHAP| of " + prep.outputNames().size() + " features over 20"
                    + " of its training rows (no noise)"), text(logs.get(i)));
        }

        // a coordinator restarted after losing round 4 resumes with the stored preprocessing: no statistics step
        CoordinatorConfig cfg = CoordinatorConfig.load(config);
        try (Connection c = DriverManager.getConnection(cfg.jdbcUrl(null)); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM fedmed_study_rounds WHERE round_no = " + ROUNDS);
            st.executeUpdate("DELETE FROM fedmed_study_checkpoints WHERE round_no = " + ROUNDS);
        }
        ByteArrayOutputStream againLog = console("restarted coordinator");
        CompletableFuture<Coordinator.Outcome> again = coordinator(config, againLog);
        List<ByteArrayOutputStream> logs2 = new ArrayList<>();
        List<CompletableFuture<Integer>> nodes2 = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            logs2.add(console("site-" + (i + 1) + " again"));
            nodes2.add(node(p, "site-" + (i + 1), files.get(i), logs2.get(i)));
        }
        Coordinator.Outcome resumed = again.get(120, TimeUnit.SECONDS);
        String log2 = againLog.toString(StandardCharsets.UTF_8);
        assertEquals(List.of("site-1", "site-2", "site-3"), resumed.federation().lastRound().participants(),
                resumed.federation().lastRound().failures().toString());
        assertTrue(log2.contains("comes from the run store") && !log2.contains("asking them for the statistics"), log2);
        assertEquals(ROUNDS, resumed.firstRound());
        assertEquals(outcome.preprocessing().preprocessing(), resumed.preprocessing().preprocessing());
        assertArrayEquals(outcome.federation().finalWeights().values(), resumed.federation().finalWeights().values(),
                "the resumed round repeats the lost one bit for bit");
        for (int i = 0; i < 3; i++) {
            assertEquals(0, nodes2.get(i).get(30, TimeUnit.SECONDS));
            assertFalse(text(logs2.get(i)).contains("training statistics sent"), text(logs2.get(i)));
        }
        try (RunStore store = RunStore.open(cfg.jdbcUrl(null))) {
            assertTrue(store.useStudy(cfg.studyName()));
            assertEquals(ROUNDS, store.rounds().size());
        }
    }

    private ByteArrayOutputStream console(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        consoles.put(name, out);
        return out;
    }

    private static Path breakAge(Path file, int line, String value) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        String[] cells = lines.get(line - 1).split(",", -1);
        cells[1] = value;
        lines.set(line - 1, String.join(",", cells));
        return Files.write(file, lines);
    }

    private static Path writeConfig(Path dir, int port) throws IOException {
        return NetFixtures.studyConfig(dir, port, ROUNDS, """
                strategy: fedavg
                lr: 0.05
                local_epochs: 3
                batch_size: 16
                seed: 7
                explain: true
                explain_rows: 20
                data:
                  label: diagnosis
                  classes: [absent, present]
                  features: [%s]
                """.formatted(String.join(", ", HeartDiseaseReader.FEATURES)));
    }

    private CompletableFuture<Coordinator.Outcome> coordinator(Path config, ByteArrayOutputStream log) throws Exception {
        lastCoordinator = new Coordinator(CoordinatorConfig.load(config), null, new PrintStream(log, true, StandardCharsets.UTF_8));
        return NetFixtures.startCoordinator(lastCoordinator);
    }

    private static CompletableFuture<Integer> node(Provisioner p, String site, Path file, ByteArrayOutputStream log) {
        NodeMain.Options o = NodeMain.Options.ownData(p.layout().kit(site), file, Weights.DEFAULT_CHUNK_BYTES, Duration.ofSeconds(60));
        return NetFixtures.onDaemon(site, () -> NodeMain.run(o, new PrintStream(log, true, StandardCharsets.UTF_8)));
    }

    private static String text(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8);
    }
}
