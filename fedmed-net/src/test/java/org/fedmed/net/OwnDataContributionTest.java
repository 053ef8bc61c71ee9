package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fedmed.core.contribution.ContributionSummary;
import org.fedmed.data.read.HeartDiseaseReader;
import org.fedmed.net.coordinator.Coordinator;
import org.fedmed.net.coordinator.CoordinatorConfig;
import org.fedmed.net.node.NodeMain;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.transfer.Weights;
import org.fedmed.study.ContributionValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contribution values in an own-data deployment, whose coordinator holds no data: each coalition's
 * model is scored by the hospitals' own evaluations on their test splits, pooled.
 */
class OwnDataContributionTest {

    private static final int ROUNDS = 2;

    @Test
    void hospitalsScoreEachCoalitionsModelOnTheirOwnTestSplits(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, "site-1", "site-2", "site-3");
        List<Path> hospitals = OwnDataFixtures.heartHospitals(dir.resolve("data"));
        Path config = NetFixtures.studyConfig(dir, port, ROUNDS, """
                strategy: fedavg
                lr: 0.05
                local_epochs: 2
                batch_size: 16
                seed: 7
                contribution: loo
                reward_pool: 90
                data:
                  label: diagnosis
                  classes: [absent, present]
                  features: [%s]
                """.formatted(String.join(", ", HeartDiseaseReader.FEATURES)));
        ByteArrayOutputStream coordinatorLog = new ByteArrayOutputStream();
        Coordinator c = new Coordinator(CoordinatorConfig.load(config), null, new PrintStream(coordinatorLog, true, StandardCharsets.UTF_8));
        CompletableFuture<Coordinator.Outcome> run = NetFixtures.startCoordinator(c);
        List<NodeMain.Options> options = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // cleveland, hungary, va_long_beach (switzerland's rows are mostly missing cholesterol)
            options.add(NodeMain.Options.ownData(p.layout().kit("site-" + (i + 1)), hospitals.get(i == 2 ? 3 : i),
                    Weights.DEFAULT_CHUNK_BYTES, Duration.ofSeconds(60)));
        }
        List<ByteArrayOutputStream> logs = new ArrayList<>();
        List<CompletableFuture<Integer>> nodes = NetFixtures.startOwnDataNodes(options, logs);
        Coordinator.Outcome o = run.get(240, TimeUnit.SECONDS);
        String console = coordinatorLog.toString(StandardCharsets.UTF_8);
        for (CompletableFuture<Integer> n : nodes) {
            assertEquals(0, n.get(60, TimeUnit.SECONDS), console);
        }
        assertEquals(ROUNDS, o.federation().rounds().size(), console);

        ContributionValues values = c.contributionValues();
        assertNotNull(values, console);
        ContributionSummary s = values.summary();
        assertEquals(List.of("site-1", "site-2", "site-3"), List.copyOf(s.loo().keySet()));
        assertEquals(90.0, s.rewards().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
        assertEquals("pooled accuracy of the sites' own evaluations on their test splits", values.utility());
        assertTrue(values.notes().stream().anyMatch(n -> n.startsWith("each coalition's model was evaluated by the study's sites")
                && !n.contains("missing")), values.notes().toString());
        // per round: the global model before, the one after, and one model without each site, all scored by every site
        for (ByteArrayOutputStream log : logs) {
            long evaluations = log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("evaluated the global model")).count();
            assertTrue(evaluations >= ROUNDS * (1 + 5), evaluations + " evaluations: " + log.toString(StandardCharsets.UTF_8));
        }
    }
}
