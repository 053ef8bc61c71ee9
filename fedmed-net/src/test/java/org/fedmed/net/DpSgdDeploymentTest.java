package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.accounting.RdpAccountant;
import org.fedmed.core.privacy.budget.PrivacyLedger;
import org.fedmed.core.privacy.budget.PrivacyReport;
import org.fedmed.core.training.DpSgd;
import org.fedmed.net.coordinator.Coordinator;
import org.fedmed.net.coordinator.CoordinatorConfig;
import org.fedmed.net.node.NodeMain;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.transfer.Weights;
import org.fedmed.study.StudyAssembly;
import org.fedmed.study.StudySpecBuilder;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sample-level DP in a deployment, in one JVM over mutual TLS: the coordinator asks for DP-SGD, each
 * node accounts its rounds in a ledger file in its kit, and one hospital with a small budget of its
 * own refuses the round that would exceed it while the others go on.
 */
class DpSgdDeploymentTest {

    private static final int ROUNDS = 4;

    @Test
    void nodesAccountDpSgdAndABudgetedHospitalStopsAtItsBudget(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, "site-1", "site-2", "site-3");
        // unseeded noise: a node with a budget refuses seeded noise (the coordinator could subtract it)
        Path config = config(dir, port, ROUNDS, 60, """
                  dp_level: sample
                  dp_clip: 1.0
                  dp_noise: 1.0
                  dp_seeded_noise: false
                """);
        ByteArrayOutputStream coordinatorLog = new ByteArrayOutputStream();
        Coordinator c = new Coordinator(CoordinatorConfig.load(config), null, new PrintStream(coordinatorLog, true, StandardCharsets.UTF_8));
        CompletableFuture<Coordinator.Outcome> run = NetFixtures.startCoordinator(c);
        // site-3's budget: between what 2 and 3 rounds cost it (DP-SGD at batch 32 over its ~121 training rows)
        double budget = 0.5 * (epsilonAfter(2) + epsilonAfter(3));
        List<ByteArrayOutputStream> logs = new ArrayList<>();
        List<CompletableFuture<Integer>> nodes = new ArrayList<>();
        for (String site : List.of("site-1", "site-2", "site-3")) {
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            logs.add(log);
            NodeMain.Options o = new NodeMain.Options(p.layout().kit(site), null, "wdbc", "iid", 3, 5L, null, null,
                    Weights.DEFAULT_CHUNK_BYTES, Duration.ofSeconds(60), site.equals("site-3") ? budget : null, 1e-5);
            nodes.add(NetFixtures.onDaemon(site, () -> NodeMain.run(o, new PrintStream(log, true, StandardCharsets.UTF_8))));
        }
        Coordinator.Outcome o = run.get(240, TimeUnit.SECONDS);
        String console = coordinatorLog.toString(StandardCharsets.UTF_8);
        for (CompletableFuture<Integer> n : nodes) {
            assertEquals(0, n.get(60, TimeUnit.SECONDS), console);
        }
        List<RoundResult> rounds = o.federation().rounds();
        assertEquals(ROUNDS, rounds.size());
        assertEquals(3, rounds.get(1).participants().size(), console);
        assertEquals(2, rounds.get(2).participants().size(), console);
        assertTrue(rounds.get(2).failures().getOrDefault("site-3", "").contains("privacy budget reached"), rounds.get(2).failures().toString());
        assertTrue(console.contains("sample-level privacy reported by the sites after round 4"), console);

        // the hospital's ledger is on its disk, within its budget
        PrivacyLedger ledger = PrivacyLedger.fromText(Files.readString(p.layout().kit("site-3").resolve("privacy-ledger.txt")));
        double spent = ledger.siteSpent("site-3", 1e-5, Conversion.IMPROVED).epsilon();
        assertTrue(spent <= budget && spent > 0, spent + " vs budget " + budget);
        assertTrue(logs.get(2).toString(StandardCharsets.UTF_8).contains("epsilon"), logs.get(2).toString(StandardCharsets.UTF_8));

        PrivacyReport report = c.privacyReport();
        assertEquals(PrivacyReport.SAMPLE, report.level());
        assertEquals(2, report.sites().get("site-3").roundsTrained());
        assertTrue(report.sites().get("site-3").budgetReached());
        assertEquals(spent, report.sites().get("site-3").epsilon(), 1e-9);
        assertEquals(ROUNDS, report.sites().get("site-1").roundsTrained());
        assertTrue(o.federation().lastRound().globalEvaluation().metrics().accuracy() > 0.8,
                o.federation().lastRound().globalEvaluation().toString());
    }

    @Test
    void coordinatorRefusesDpSettingsItCannotHonour(@TempDir Path dir) {
        NetFixtures.provision(dir.resolve("fed"), NetFixtures.freePort(), "site-1");
        Map<String, Object> noNoise = Map.of("provisioning", "fed", "study",
                Map.of("dataset", "wdbc", "dp_level", "sample", "dp_clip", 1.0));
        IllegalArgumentException e = Assertions.assertThrows(IllegalArgumentException.class,
                () -> CoordinatorConfig.fromMap(noNoise, dir));
        assertTrue(e.getMessage().contains("noise multiplier"), e.getMessage());
        Map<String, Object> distributed = Map.of("provisioning", "fed", "study",
                Map.of("dataset", "wdbc", "dp_clip", 1.0, "dp_noise", 1.0, "dp_mode", "distributed"));
        CoordinatorConfig cfg = CoordinatorConfig.fromMap(distributed, dir);
        e = Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Coordinator(cfg, "jdbc:h2:mem:dp", System.out).run());
        assertTrue(e.getMessage().contains("distributed"), e.getMessage());
        Map<String, Object> budgetAtCoordinator = Map.of("provisioning", "fed", "study", Map.of(
                "dataset", "wdbc", "dp_level", "sample", "dp_clip", 1.0, "dp_noise", 1.0, "dp_epsilon", 3.0));
        CoordinatorConfig sample = CoordinatorConfig.fromMap(budgetAtCoordinator, dir);
        e = Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Coordinator(sample, "jdbc:h2:mem:dp2", System.out).run());
        assertTrue(e.getMessage().contains("--dp-budget"), e.getMessage());
    }

    @Test
    void clientLevelDpRunsAtTheCoordinatorAndIsAccounted(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, "site-1", "site-2", "site-3");
        Path config = config(dir, port, 3, 40, """
                  dp_clip: 1.0
                  dp_noise: 1.0
                """);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Coordinator c = new Coordinator(CoordinatorConfig.load(config), null, new PrintStream(log, true, StandardCharsets.UTF_8));
        CompletableFuture<Coordinator.Outcome> run = NetFixtures.startCoordinator(c);
        Map<String, ByteArrayOutputStream> nodeLogs = new LinkedHashMap<>();
        for (String site : List.of("site-1", "site-2", "site-3")) {
            NodeMain.Options o = new NodeMain.Options(p.layout().kit(site), null, "wdbc", "iid", 3, 5L, null, null,
                    Weights.DEFAULT_CHUNK_BYTES, Duration.ofSeconds(60));
            ByteArrayOutputStream nodeLog = new ByteArrayOutputStream();
            nodeLogs.put(site, nodeLog);
            NetFixtures.onDaemon(site, () -> NodeMain.run(o, new PrintStream(nodeLog, true, StandardCharsets.UTF_8)));
        }
        Coordinator.Outcome o;
        try {
            o = run.get(150, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            StringBuilder b = new StringBuilder("coordinator did not finish:\n").append(log.toString(StandardCharsets.UTF_8));
            nodeLogs.forEach((site, l) -> b.append("\n---- ").append(site).append(" ----\n").append(l.toString(StandardCharsets.UTF_8)));
            throw new AssertionError(b.toString(), e);
        }
        String console = log.toString(StandardCharsets.UTF_8);
        assertEquals(3, o.federation().rounds().size(), console);
        assertTrue(console.contains("client-level DP: clip norm 1.000, noise multiplier 1.000"), console);
        PrivacyReport report = c.privacyReport();
        assertEquals(PrivacyReport.CLIENT, report.level());
        assertEquals(3, report.rounds().size());
        // every site in every round: q = 1, three Gaussian mechanisms at sigma 1
        double expected = new RdpAccountant().record(1.0, 1.0, 3).spent(1e-5, Conversion.IMPROVED).epsilon();
        assertEquals(expected, report.finalEpsilon(), 1e-12);
        assertTrue(o.federation().lastRound().globalEvaluation().metrics().accuracy() > 0.5);
    }

    /** A coordinator configuration: WDBC's demo split over 3 sites, seed 5, and the given DP lines of the study. */
    private static Path config(Path dir, int port, int rounds, int deadlineSeconds, String dpLines) throws IOException {
        return Files.writeString(dir.resolve("federation.yaml"), """
                federation: test
                provisioning: fed
                listen: 127.0.0.1:%d
                db: jdbc:h2:file:%s
                rounds: %d
                round_deadline_seconds: %d
                site_wait_seconds: 5
                start_wait_seconds: 60
                study:
                  dataset: wdbc
                  partition: iid
                  sites: 3
                  seed: 5
                """.formatted(port, dir.resolve("state").toAbsolutePath(), rounds, deadlineSeconds) + dpLines);
    }

    /** ε of site-3 after {@code rounds} rounds: its demo training set size decides q and the steps. */
    private static double epsilonAfter(int rounds) {
        var spec = new StudySpecBuilder();
        spec.dataset = "wdbc";
        spec.partition = "iid";
        spec.sites = 3;
        spec.seed = 5L;
        spec.dpLevel = "sample";
        spec.dpClip = 1.0;
        spec.dpNoise = 1.0;
        var s = spec.build();
        int n = StudyAssembly.bundledData(s).sites().get(2).train().size();
        int batch = s.training().batchSize();
        long steps = (long) rounds * s.training().localEpochs() * DpSgd.stepsPerEpoch(n, batch);
        return new RdpAccountant().record(DpSgd.samplingRate(n, batch), 1.0, steps)
                .spent(1e-5, Conversion.IMPROVED).epsilon();
    }

}
