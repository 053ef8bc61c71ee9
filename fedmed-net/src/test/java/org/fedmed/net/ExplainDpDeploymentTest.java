package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.budget.NodePrivacyPolicy;
import org.fedmed.core.privacy.budget.PrivacyLedger;
import org.fedmed.core.privacy.budget.Release;
import org.fedmed.net.coordinator.Coordinator;
import org.fedmed.net.coordinator.CoordinatorConfig;
import org.fedmed.net.node.NodeMain;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.transfer.Weights;
import org.fedmed.study.explain.ExplanationDp;
import org.fedmed.study.explain.TabularExplanation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Explanations under sample-level DP in a deployment: each node books its explanation in its own
 * ledger before it computes it, a node whose policy wants more noise refuses it (and still trains),
 * and the coordinator aggregates the others with the ε each node reported.
 */
class ExplainDpDeploymentTest {

    @Test
    void nodesBookTheirExplanationAndANodeWithAStricterPolicyRefusesIt(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, "site-1", "site-2", "site-3");
        Path config = NetFixtures.studyConfig(dir, port, 1, """
                dataset: wdbc
                partition: iid
                sites: 3
                seed: 5
                dp_level: sample
                dp_clip: 1.0
                dp_noise: 1.0
                dp_seeded_noise: false
                explain: true
                explain_rows: 40
                explain_noise: 0.9
                """);
        ByteArrayOutputStream coordinatorLog = new ByteArrayOutputStream();
        Coordinator c = new Coordinator(CoordinatorConfig.load(config), null, new PrintStream(coordinatorLog, true, StandardCharsets.UTF_8));
        CompletableFuture<Coordinator.Outcome> run = NetFixtures.startCoordinator(c);
        // site-2 trains at noise 1.0 but its floor (1.0) is above the explanation's 0.9; site-3 has a budget and explains
        NodePrivacyPolicy strict = new NodePrivacyPolicy(1e-5, Double.POSITIVE_INFINITY, 1.0, NodePrivacyPolicy.Evaluation.OFF, 10, 4);
        Map<String, ByteArrayOutputStream> logs = new LinkedHashMap<>();
        for (String site : List.of("site-1", "site-2", "site-3")) {
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            logs.put(site, log);
            NodeMain.Options o = switch (site) {
                case "site-2" -> new NodeMain.Options(p.layout().kit(site), null, "wdbc", "iid", 3, 5L, null, null,
                        Weights.DEFAULT_CHUNK_BYTES, Duration.ofSeconds(60), 100.0, strict);
                case "site-3" -> new NodeMain.Options(p.layout().kit(site), null, "wdbc", "iid", 3, 5L, null, null,
                        Weights.DEFAULT_CHUNK_BYTES, Duration.ofSeconds(60), 100.0, 1e-5);
                default -> new NodeMain.Options(p.layout().kit(site), null, "wdbc", "iid", 3, 5L, null, null,
                        Weights.DEFAULT_CHUNK_BYTES, Duration.ofSeconds(60), null, 1e-5);
            };
            NetFixtures.onDaemon(site, () -> NodeMain.run(o, new PrintStream(log, true, StandardCharsets.UTF_8)));
        }
        Coordinator.Outcome o = run.get(240, TimeUnit.SECONDS);
        String console = coordinatorLog.toString(StandardCharsets.UTF_8);
        assertEquals(3, o.federation().lastRound().participants().size(), console);
        assertNotNull(c.explanations(), console);
        TabularExplanation t = c.explanations().tabular();
        assertEquals(List.of("site-1", "site-3"), t.sites().stream().map(s -> s.site()).toList(), console);
        assertEquals(1, t.refusals().size(), console);
        assertTrue(t.refusals().get(0).contains("site site-2 refuses round 1: explanation noise multiplier 0.9 is below the node's"
                + " floor 1"), t.refusals().get(0));
        String site2 = logs.get("site-2").toString(StandardCharsets.UTF_8);
        assertTrue(site2.contains("explanation noise multiplier 0.9 is below the node's floor 1"), site2);
        for (var s : t.sites()) {
            assertNull(s.permutationImportance(), "no importances under DP");
        }

        ExplanationDp dp = t.dp();
        assertEquals("sample", dp.level());
        for (String site : List.of("site-1", "site-3")) {
            // each node's ledger holds its explanation, booked on disk, and what it reported is what it booked
            PrivacyLedger ledger = PrivacyLedger.fromText(Files.readString(p.layout().kit(site).resolve("privacy-ledger.txt")));
            assertTrue(ledger.releases(site).stream().anyMatch(r -> r.kind().equals(Release.EXPLANATION)), ledger.toText());
            double total = ledger.siteSpent(site, 1e-5, Conversion.IMPROVED).epsilon();
            assertEquals(total, dp.epsilonTotal().get(site), 1e-9, site);
            assertTrue(dp.epsilonExplanation().get(site) > 0 && dp.epsilonExplanation().get(site) < total, dp.toString());
            assertEquals(total, c.privacyReport().sites().get(site).epsilon(), 1e-9, "the report's ε includes the explanation");
        }
        PrivacyLedger refused = PrivacyLedger.fromText(Files.readString(p.layout().kit("site-2").resolve("privacy-ledger.txt")));
        assertTrue(refused.releases("site-2").stream().noneMatch(r -> r.kind().equals(Release.EXPLANATION)), refused.toText());
        assertTrue(console.contains("explain: released under sample-level DP"), console);
    }
}
