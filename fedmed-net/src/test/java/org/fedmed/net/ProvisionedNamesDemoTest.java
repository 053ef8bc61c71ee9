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
 * The configuration `fedmed provision` writes runs a demo study as it is, with sites named after their
 * hospitals and nodes started with nothing but their kit and the dataset: the study splits the data
 * among the provisioned sites, the welcome tells each node the split and its part.
 */
class ProvisionedNamesDemoTest {

    @Test
    void theProvisionedConfigurationRunsADemoStudyWithHospitalNames(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, "north", "south");
        Path config = p.layout().coordinatorConfig();
        // as written, but two rounds on loopback for the test
        int monitor = NetFixtures.freePort();
        Files.writeString(config, Files.readString(config).replace("rounds: 10", "rounds: 2").replace("0.0.0.0:", "127.0.0.1:")
                + "monitor: 127.0.0.1:" + monitor + "\n");
        CoordinatorConfig cfg = CoordinatorConfig.load(config);
        assertEquals(2, cfg.study().sites(), "a demo study splits the data among the provisioned sites");

        ByteArrayOutputStream coordinatorLog = new ByteArrayOutputStream();
        Coordinator c = new Coordinator(cfg, null, new PrintStream(coordinatorLog, true, StandardCharsets.UTF_8));
        CompletableFuture<Coordinator.Outcome> run = NetFixtures.startCoordinator(c);
        ByteArrayOutputStream north = new ByteArrayOutputStream();
        ByteArrayOutputStream south = new ByteArrayOutputStream();
        CompletableFuture<Integer> n = node(p, "north", north);
        CompletableFuture<Integer> s = node(p, "south", south);
        Coordinator.Outcome o = run.get(180, TimeUnit.SECONDS);
        assertEquals(0, n.get(60, TimeUnit.SECONDS), north.toString(StandardCharsets.UTF_8));
        assertEquals(0, s.get(60, TimeUnit.SECONDS), south.toString(StandardCharsets.UTF_8));
        String console = coordinatorLog.toString(StandardCharsets.UTF_8);
        assertEquals(2, o.federation().rounds().size(), console);
        assertTrue(console.contains("monitoring on http://127.0.0.1:" + monitor + " (/healthz, /readyz, /metrics)"), console);
        assertEquals(List.of("north", "south"), o.federation().rounds().get(1).participants().stream().sorted().toList(), console);
        assertTrue(north.toString(StandardCharsets.UTF_8).contains("part site-1 of 2"), north.toString(StandardCharsets.UTF_8));
        assertTrue(south.toString(StandardCharsets.UTF_8).contains("part site-2 of 2"), south.toString(StandardCharsets.UTF_8));
        assertTrue(o.federation().lastRound().globalEvaluation().metrics().accuracy() > 0.85, console);
    }

    private static CompletableFuture<Integer> node(Provisioner p, String site, ByteArrayOutputStream log) {
        NodeMain.Options o = new NodeMain.Options(p.layout().kit(site), null, "wdbc", null, null, null, null, null,
                Weights.DEFAULT_CHUNK_BYTES, Duration.ofSeconds(60));
        return NetFixtures.onDaemon(site, () -> NodeMain.run(o, new PrintStream(log, true, StandardCharsets.UTF_8)));
    }
}
