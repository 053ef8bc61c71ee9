package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.net.coordinator.Coordinator;
import org.fedmed.net.coordinator.CoordinatorConfig;
import org.fedmed.net.node.NodeMain;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.transfer.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hospital provisioned while the federation runs ({@code fedmed provision add-site}) joins it: the
 * coordinator re-reads the site registry at each connection, and the new site takes part from the
 * next round on, without a restart and without touching the other sites.
 */
class LateJoinTest {

    private static final int ROUNDS = 20;

    @Test
    void aSiteAddedDuringTheRunJoinsTheNextRounds(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, "site-1", "site-2");
        Path config = Files.writeString(dir.resolve("federation.yaml"), """
                federation: test
                provisioning: fed
                listen: 127.0.0.1:%d
                db: jdbc:h2:file:%s
                rounds: %d
                round_deadline_seconds: 60
                site_wait_seconds: 20
                start_wait_seconds: 60
                study:
                  dataset: wdbc
                  partition: iid
                  sites: 3
                  local_epochs: 10
                  seed: 3
                """.formatted(port, dir.resolve("state").toAbsolutePath(), ROUNDS));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Coordinator c = new Coordinator(CoordinatorConfig.load(config), null, new PrintStream(log, true, StandardCharsets.UTF_8));
        CompletableFuture<Coordinator.Outcome> run = NetFixtures.startCoordinator(c);
        CompletableFuture<Integer> n1 = node(p, "site-1");
        CompletableFuture<Integer> n2 = node(p, "site-2");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!log.toString(StandardCharsets.UTF_8).contains("round 1/" + ROUNDS) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        p.addSite("site-3");
        NetFixtures.trustCoordinator(p, "site-3"); // its hospital approves the running study too
        CompletableFuture<Integer> n3 = node(p, "site-3");
        Coordinator.Outcome o = run.get(180, TimeUnit.SECONDS);
        String console = log.toString(StandardCharsets.UTF_8);
        assertTrue(console.contains("site site-3 joined the running federation"), console);
        List<RoundResult> rounds = o.federation().rounds();
        assertEquals(ROUNDS, rounds.size());
        assertEquals(List.of("site-1", "site-2"), rounds.get(0).participants(), "round 1 ran before the new site existed");
        RoundResult last = rounds.get(ROUNDS - 1);
        assertEquals(List.of("site-1", "site-2", "site-3"), last.participants(), console);
        assertTrue(last.failures().isEmpty(), last.failures().toString());
        for (CompletableFuture<Integer> n : List.of(n1, n2, n3)) {
            assertEquals(0, n.get(60, TimeUnit.SECONDS), console);
        }
    }

    private static CompletableFuture<Integer> node(Provisioner p, String site) {
        NodeMain.Options o = new NodeMain.Options(p.layout().kit(site), null, "wdbc", "iid", 3, 3L, null, null,
                Weights.DEFAULT_CHUNK_BYTES, Duration.ofSeconds(60));
        return NetFixtures.onDaemon(site, () -> NodeMain.run(o, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    }

}
