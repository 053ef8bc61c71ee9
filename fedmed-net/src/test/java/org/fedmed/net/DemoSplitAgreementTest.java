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
import org.fedmed.net.coordinator.Coordinator;
import org.fedmed.net.coordinator.CoordinatorConfig;
import org.fedmed.net.node.NodeMain;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.transfer.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A demo-data node started with another split (other partition, seed, ...) than the study's would
 * train on other rows: the coordinator refuses it at its hello, both sides say why in one line naming
 * the site and the keys, the node stops with exit code 1 and the study goes on with the others.
 */
class DemoSplitAgreementTest {

    @Test
    void aNodeWithAnotherSplitIsRefusedNamingTheSiteAndTheKeys(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, "site-1", "site-2");
        Path config = Files.writeString(dir.resolve("federation.yaml"), """
                federation: test
                provisioning: fed
                listen: 127.0.0.1:%d
                db: jdbc:h2:file:%s
                site_wait_seconds: 5
                start_wait_seconds: 10
                study:
                  dataset: wdbc
                  partition: iid
                  sites: 2
                  seed: 5
                  rounds: 1
                """.formatted(port, dir.resolve("state").toAbsolutePath()));
        ByteArrayOutputStream coordinatorLog = new ByteArrayOutputStream();
        Coordinator c = new Coordinator(CoordinatorConfig.load(config), null,
                new PrintStream(coordinatorLog, true, StandardCharsets.UTF_8));
        CompletableFuture<Coordinator.Outcome> run = NetFixtures.startCoordinator(c);
        var server = c.server();

        ByteArrayOutputStream goodLog = new ByteArrayOutputStream();
        ByteArrayOutputStream badLog = new ByteArrayOutputStream();
        CompletableFuture<Integer> good = node(p, "site-1", "iid", 5, goodLog);
        CompletableFuture<Integer> bad = node(p, "site-2", "dirichlet:0.5", 7, badLog);

        String expected = "site site-2 splits the demo data differently from the study: partition is dirichlet:0.5 at the"
                + " node but iid in the study; seed is 7 at the node but 5 in the study; restart the node with"
                + " --partition iid --seed 5";
        assertEquals(1, bad.get(60, TimeUnit.SECONDS), badLog.toString(StandardCharsets.UTF_8));
        String badConsole = badLog.toString(StandardCharsets.UTF_8);
        assertTrue(badConsole.contains("[site-2] the coordinator refused this node: " + expected), badConsole);
        assertTrue(server.refusals().contains(expected), server.refusals().toString());

        Coordinator.Outcome o = run.get(120, TimeUnit.SECONDS);
        assertEquals(0, good.get(60, TimeUnit.SECONDS), goodLog.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("site-1"), o.federation().rounds().get(0).participants(), coordinatorLog.toString(StandardCharsets.UTF_8));
    }

    private static CompletableFuture<Integer> node(Provisioner p, String site, String partition, long seed,
                                                   ByteArrayOutputStream log) {
        NodeMain.Options o = new NodeMain.Options(p.layout().kit(site), null, "wdbc", partition, 2, seed, null, null,
                Weights.DEFAULT_CHUNK_BYTES, Duration.ofSeconds(60));
        return NetFixtures.onDaemon(site, () -> NodeMain.run(o, new PrintStream(log, true, StandardCharsets.UTF_8)));
    }
}
