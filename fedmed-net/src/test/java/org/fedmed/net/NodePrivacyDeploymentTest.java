package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.accounting.RdpAccountant;
import org.fedmed.core.privacy.budget.PrivacyLedger;
import org.fedmed.core.privacy.budget.Release;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.data.read.HeartDiseaseReader;
import org.fedmed.net.coordinator.Coordinator;
import org.fedmed.net.coordinator.CoordinatorConfig;
import org.fedmed.net.node.NodeMain;
import org.fedmed.net.provision.Provisioner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator that asks more than hospitals allow, over mutual TLS with real nodes in one JVM:
 * nodes with a privacy budget announce their policy, and a study with seeded noise, a clip norm
 * above a node's maximum, a noise multiplier below its floor or another δ is refused at the node's
 * hello, before round 1, with one line on both sides (the node stops with exit code 1, the study
 * goes on with the others; a coordinator that ignored the announcement would meet the same refusal
 * in every round, see NodePrivacyTest); they evaluate only with noise (or not at all), release
 * statistics only for declared ranges and with noise, and their ledger files list every release
 * and replay to the ε they reported.
 */
class NodePrivacyDeploymentTest {

    private static final List<String> HEART_RANGES = List.of("{name: age, min: 20, max: 90}", "{name: sex, min: 0, max: 1}",
            "{name: cp, min: 1, max: 4}", "{name: trestbps, min: 80, max: 220}", "{name: chol, min: 100, max: 600}",
            "{name: fbs, min: 0, max: 1}", "{name: restecg, min: 0, max: 2}", "{name: thalach, min: 60, max: 210}",
            "{name: exang, min: 0, max: 1}", "{name: oldpeak, min: -3, max: 7}", "{name: slope, min: 1, max: 3}",
            "{name: ca, min: 0, max: 3}", "{name: thal, min: 3, max: 7}");

    private final Map<String, ByteArrayOutputStream> consoles = new LinkedHashMap<>();

    @Test
    void budgetedNodesRefuseWeakerDpSettingsAndEvaluateOnlyWithNoise(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        List<String> sites = List.of("site-1", "site-2", "site-3", "site-4", "site-5");
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, sites.toArray(String[]::new));
        Path config = demoConfig(dir, port, 5, "false");
        Map<String, List<String>> options = Map.of(
                "site-1", List.of(),                                                   // no budget: accounts, accepts
                "site-2", List.of("--dp-budget", "50", "--dp-max-clip", "0.5"),         // (b) clip above its maximum
                "site-3", List.of("--dp-budget", "50", "--dp-min-noise", "2"),          // (c) sigma below its floor
                "site-4", List.of("--dp-budget", "50", "--dp-delta", "1e-6"),           // (d) another delta
                "site-5", List.of("--dp-budget", "50", "--dp-evaluation", "noisy"));    // (e) trains, evaluates with noise
        Coordinator c = coordinator(config);
        CompletableFuture<Coordinator.Outcome> run = NetFixtures.startCoordinator(c);
        List<CompletableFuture<Integer>> nodes = sites.stream().map(s -> demoNode(p, s, 5, options.get(s))).toList();
        Coordinator.Outcome o = await(run);
        Map<String, String> expected = Map.of(
                "site-2", "privacy policy: site site-2 refuses the study: clip_norm 1 is above the node's maximum 0.5",
                "site-3", "privacy policy: site site-3 refuses the study: noise_multiplier 1 is below the node's floor 2",
                "site-4", "privacy policy: site site-4 refuses the study: delta 1.0E-5 differs from the node's delta 1.0E-6");
        for (int i = 0; i < sites.size(); i++) {
            int exit = expected.containsKey(sites.get(i)) ? 1 : 0;
            assertEquals(exit, nodes.get(i).get(60, TimeUnit.SECONDS), sites.get(i) + "\n" + dump());
        }
        check(() -> {
            RoundResult first = o.federation().rounds().get(0);
            assertEquals(List.of("site-1", "site-5"), first.participants(), first.failures().toString());
            expected.forEach((site, line) -> {
                assertTrue(text(site).contains("[" + site + "] the coordinator refused this node: " + line), text(site));
                assertFalse(Files.exists(p.layout().kit(site).resolve("privacy-ledger.txt")), site + " released nothing");
            });
            for (RoundResult r : o.federation().rounds()) {
                Map<String, SiteEvaluation> evals = new LinkedHashMap<>();
                r.siteEvaluations().forEach(e -> evals.put(e.siteId(), e));
                assertEquals(Set.of("site-1", "site-5"), evals.keySet(), "round " + r.round());
                assertTrue(Double.isNaN(evals.get("site-5").result().loss()), "a noisy evaluation has no loss");
                assertTrue(Double.isFinite(evals.get("site-1").result().loss()), "a node without budget evaluates as before");
            }
            // site-5's ledger: a fit and an evaluation per round, booked before they left; its reported epsilon is their replay
            PrivacyLedger ledger = ledger(p, "site-5");
            assertEquals(List.of("fit 1", "evaluation 1", "fit 2", "evaluation 2"), ledger.releases("site-5").stream()
                    .map(r -> r.kind() + " " + r.round()).toList());
            assertEquals(replayedThroughLastFit(ledger, "site-5"), c.privacyReport().sites().get("site-5").epsilon(), 1e-12);
            assertTrue(text("site-5").contains(String.format(Locale.ROOT, "evaluation released as a noisy confusion matrix (sigma 10.0):"
                    + " epsilon %.4f spent", ledger.replay("site-5").spent(1e-5, Conversion.IMPROVED).epsilon())), text("site-5"));
        });
    }

    @Test
    void aBudgetedNodeRefusesSeededNoise(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, "site-1", "site-2");
        Coordinator c = coordinator(demoConfig(dir, port, 2, "true"));
        CompletableFuture<Coordinator.Outcome> run = NetFixtures.startCoordinator(c);
        CompletableFuture<Integer> plain = demoNode(p, "site-1", 2, List.of());
        CompletableFuture<Integer> budgeted = demoNode(p, "site-2", 2, List.of("--dp-budget", "50"));
        Coordinator.Outcome o = await(run);
        assertEquals(0, plain.get(60, TimeUnit.SECONDS), dump());
        assertEquals(1, budgeted.get(60, TimeUnit.SECONDS), dump());
        check(() -> {
            String line = "privacy policy: site site-2 refuses the study: seeded_noise=true";
            assertTrue(text("site-2").contains("[site-2] the coordinator refused this node: " + line), text("site-2"));
            assertEquals(List.of("site-1"), o.federation().lastRound().participants());
            assertFalse(Files.exists(p.layout().kit("site-2").resolve("privacy-ledger.txt")), "no epsilon booked for seeded noise");
        });
    }

    @Test
    void ownRecordsUnderABudgetLeaveOnlyAsNoisyStatisticsOfDeclaredRanges(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, "site-1", "site-2", "site-3");
        List<Path> hospitals = OwnDataFixtures.heartHospitals(dir.resolve("data"));
        List<Path> files = List.of(hospitals.get(0), hospitals.get(1), hospitals.get(3));
        Map<String, List<String>> options = Map.of("site-1", List.of("--dp-budget", "50", "--dp-evaluation", "noisy"),
                "site-2", List.of("--dp-budget", "50"), "site-3", List.of());

        // (f) a study without ranges: the budgeted nodes refuse the statistics step and are left out
        Coordinator noRanges = coordinator(studyConfig(dir.resolve("a"), port, String.join(", ",
                HeartDiseaseReader.FEATURES)));
        CompletableFuture<Coordinator.Outcome> run = NetFixtures.startCoordinator(noRanges);
        List<CompletableFuture<Integer>> nodes = ownNodes(p, files, options);
        Coordinator.Outcome o = await(run);
        for (CompletableFuture<Integer> n : nodes) {
            n.get(60, TimeUnit.SECONDS);
        }
        check(() -> {
            assertEquals(List.of("site-3"), o.preprocessing().sites());
            String reason = o.preprocessing().excluded().get("site-1");
            assertTrue(reason.contains("privacy policy: site site-1 refuses the statistics step: no declared range for age, sex"), reason);
            assertTrue(text("site-1").contains("[site-1] privacy policy: site site-1 refuses the statistics step"), text("site-1"));
            assertFalse(Files.exists(p.layout().kit("site-1").resolve("privacy-ledger.txt")), "nothing released");
        });

        // with declared ranges: every node takes part; the budgeted ones release noisy statistics and train with DP-SGD
        consoles.clear();
        Coordinator ranged = coordinator(studyConfig(dir.resolve("b"), port, String.join(", ", HEART_RANGES)));
        run = NetFixtures.startCoordinator(ranged);
        nodes = ownNodes(p, files, options);
        Coordinator.Outcome o2 = await(run);
        for (CompletableFuture<Integer> n : nodes) {
            assertEquals(0, n.get(60, TimeUnit.SECONDS), dump());
        }
        check(() -> {
            assertEquals(List.of("site-1", "site-2", "site-3"), o2.preprocessing().sites());
            assertTrue(text("site-1").contains("statistics released with noise"), text("site-1"));
            assertTrue(text("site-3").contains("training statistics sent"), text("site-3"));
            for (RoundResult r : o2.federation().rounds()) {
                assertEquals(List.of("site-1", "site-2", "site-3"), r.participants(), r.failures().toString());
                assertTrue(r.failures().get("site-2").contains("evaluation is off"), r.failures().toString());
                assertEquals(2, r.siteEvaluations().size());
            }
            PrivacyLedger ledger = ledger(p, "site-1");
            assertEquals(List.of("statistics 0", "fit 1", "evaluation 1", "fit 2", "evaluation 2"), ledger.releases("site-1").stream()
                    .map(r -> r.kind() + " " + r.round()).toList());
            assertEquals(Release.once(Release.STATISTICS, 0, 4.0), ledger.releases("site-1").get(0));
            assertEquals(replayedThroughLastFit(ledger, "site-1"), ranged.privacyReport().sites().get("site-1").epsilon(), 1e-12);
            assertEquals(List.of("statistics 0", "fit 1", "fit 2"), ledger(p, "site-2").releases("site-2").stream()
                    .map(r -> r.kind() + " " + r.round()).toList());
        });
    }

    /**
     * ε replayed from the ledger's releases up to the site's last fit: what it reported with its last
     * update (the coordinator's report); an evaluation after it is in the ledger and on the node's console.
     */
    private static double replayedThroughLastFit(PrivacyLedger ledger, String site) {
        List<Release> releases = ledger.releases(site);
        int last = 0;
        for (int i = 0; i < releases.size(); i++) {
            if (releases.get(i).kind().equals(Release.FIT)) {
                last = i;
            }
        }
        RdpAccountant acc = new RdpAccountant();
        releases.subList(0, last + 1).forEach(r -> acc.record(r.samplingRate(), r.noiseMultiplier(), r.steps()));
        return acc.spent(1e-5, Conversion.IMPROVED).epsilon();
    }

    private CompletableFuture<Integer> demoNode(Provisioner p, String site, int sites, List<String> dp) {
        ByteArrayOutputStream log = console(site);
        List<String> args = new ArrayList<>(List.of("--kit", p.layout().kit(site).toString(), "--dataset", "wdbc",
                "--partition", "iid", "--sites", String.valueOf(sites), "--seed", "5"));
        args.addAll(dp);
        return NetFixtures.onDaemon(site, () -> NodeMain.run(options(args), new PrintStream(log, true, StandardCharsets.UTF_8)));
    }

    private List<CompletableFuture<Integer>> ownNodes(Provisioner p, List<Path> files, Map<String, List<String>> dp) {
        List<CompletableFuture<Integer>> nodes = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String site = "site-" + (i + 1);
            ByteArrayOutputStream log = console(site);
            List<String> args = new ArrayList<>(List.of("--kit", p.layout().kit(site).toString(), "--data",
                    files.get(i).toString()));
            args.addAll(dp.get(site));
            nodes.add(NetFixtures.onDaemon(site, () -> NodeMain.run(options(args), new PrintStream(log, true, StandardCharsets.UTF_8))));
        }
        return nodes;
    }

    /** The node's options from its command line, as {@code fedmed node} reads them. */
    private static NodeMain.Options options(List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--give-up-seconds", "60"));
        return NodeMain.options(all.toArray(String[]::new));
    }

    private Coordinator coordinator(Path config) throws IOException {
        return new Coordinator(CoordinatorConfig.load(config), null, new PrintStream(console("coordinator"), true,
                StandardCharsets.UTF_8));
    }

    private Coordinator.Outcome await(CompletableFuture<Coordinator.Outcome> run) throws Exception {
        try {
            return run.get(240, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the coordinator did not finish\n" + dump(), e);
        }
    }

    /** Runs the assertions, showing every console when one fails. */
    private void check(Runnable assertions) {
        try {
            assertions.run();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + dump(), e);
        }
    }

    private static PrivacyLedger ledger(Provisioner p, String site) {
        try {
            return PrivacyLedger.fromText(Files.readString(p.layout().kit(site).resolve("privacy-ledger.txt")));
        } catch (IOException e) {
            throw new AssertionError("no ledger for " + site, e);
        }
    }

    private ByteArrayOutputStream console(String name) {
        return consoles.computeIfAbsent(name, n -> new ByteArrayOutputStream());
    }

    private String text(String name) {
        return console(name).toString(StandardCharsets.UTF_8);
    }

    private String dump() {
        StringBuilder b = new StringBuilder();
        consoles.forEach((name, out) -> b.append("---- ").append(name).append(" ----\n").append(out.toString(StandardCharsets.UTF_8)));
        return b.toString();
    }

    private static Path demoConfig(Path dir, int port, int sites, String seeded) throws IOException {
        return Files.writeString(dir.resolve("federation.yaml"), """
                federation: test
                provisioning: fed
                listen: 127.0.0.1:%d
                db: jdbc:h2:file:%s
                rounds: 2
                round_deadline_seconds: 60
                site_wait_seconds: 5
                start_wait_seconds: 15
                study:
                  dataset: wdbc
                  partition: iid
                  sites: %d
                  seed: 5
                  dp_level: sample
                  dp_clip: 1.0
                  dp_noise: 1.0
                  dp_seeded_noise: %s
                """.formatted(port, dir.resolve("state").toAbsolutePath(), sites, seeded));
    }

    private static Path studyConfig(Path dir, int port, String features) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve("federation.yaml"), """
                federation: test
                provisioning: ../fed
                listen: 127.0.0.1:%d
                db: jdbc:h2:file:%s
                rounds: 2
                round_deadline_seconds: 60
                site_wait_seconds: 5
                start_wait_seconds: 60
                study:
                  strategy: fedavg
                  lr: 0.05
                  batch_size: 16
                  seed: 7
                  dp_level: sample
                  dp_clip: 1.0
                  dp_noise: 1.0
                  dp_seeded_noise: false
                  data:
                    label: diagnosis
                    classes: [absent, present]
                    features: [%s]
                """.formatted(port, dir.resolve("state").toAbsolutePath(), features));
    }
}
