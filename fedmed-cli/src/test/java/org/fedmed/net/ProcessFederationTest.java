package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.secure.secagg.SecAggCodec;
import org.fedmed.core.secure.secagg.SecAggMessage;
import org.fedmed.net.coordinator.Coordinator;
import org.fedmed.net.coordinator.CoordinatorConfig;
import org.fedmed.net.coordinator.CoordinatorMain;
import org.fedmed.net.node.NodeMain;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.store.RunStore;
import org.fedmed.sim.Simulation;
import org.fedmed.sim.SimulationListener;
import org.fedmed.sim.SimulationResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment end to end: a coordinator and three hospital nodes as separate processes on
 * loopback, over mutual TLS, training WDBC with DJL/PyTorch. The result must be bit-identical to the
 * in-process simulation with the same seed, split and strategy, also when the coordinator is killed
 * mid-run and restarted (with FedAdam, whose server moments must come back from the run store); a node killed mid-run leaves the others to finish.
 */
class ProcessFederationTest {

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killAll() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Test
    void fedAdamNodeProcessesMatchTheSimulationExactlyAcrossACoordinatorRestart(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, "site-1", "site-2", "site-3");
        Path config = writeConfig(dir, port, 5, 60, 30, "jdbc:h2:file:" + dir.resolve("state").toAbsolutePath(), "fedadam");

        Path log1 = dir.resolve("coordinator-1.log");
        Process coordinator = start(CoordinatorMain.class, log1, "--config", config.toString());
        List<Process> nodes = startNodes(p, dir);
        waitForLine(log1, "round 2/5", 120, coordinator);
        coordinator.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // killed mid-run, typically inside round 3

        Path log2 = dir.resolve("coordinator-2.log");
        Process again = start(CoordinatorMain.class, log2, "--config", config.toString());
        assertTrue(again.waitFor(150, TimeUnit.SECONDS), "restarted coordinator did not finish:\n" + tail(log2));
        assertEquals(0, again.exitValue(), tail(log2));
        String second = Files.readString(log2);
        assertTrue(second.contains("resuming from the run store"), second);
        assertTrue(second.contains("restored the fedadam server state of round"), second);
        assertTrue(!second.contains("restarts from zero"), second);
        for (int i = 0; i < nodes.size(); i++) {
            assertTrue(nodes.get(i).waitFor(30, TimeUnit.SECONDS), "node " + (i + 1) + " did not stop:\n" + tail(dir.resolve("node-" + (i + 1) + ".log")));
            assertEquals(0, nodes.get(i).exitValue());
        }

        CoordinatorConfig cfg = CoordinatorConfig.load(config);
        SimulationResult sim = Simulation.withDjl().run(cfg.study(), SimulationListener.SILENT);
        try (RunStore store = RunStore.open(cfg.jdbcUrl(null))) {
            assertTrue(store.useStudy(cfg.studyName()));
            List<RunStore.StoredRound> rounds = store.rounds();
            assertEquals(List.of(1, 2, 3, 4, 5), rounds.stream().map(RunStore.StoredRound::round).toList(),
                    "every round stored exactly once");
            RunStore.Checkpoint last = store.lastCheckpoint().orElseThrow();
            assertEquals(5, last.round());
            assertArrayEquals(sim.federation().finalWeights().values(), last.weights().values(),
                    "deployed and simulated federations produce bit-identical weights");
            for (int r = 0; r < 5; r++) {
                assertEquals(List.of("site-1", "site-2", "site-3"), rounds.get(r).participants());
                assertEquals(sim.federation().rounds().get(r).globalEvaluation().metrics().accuracy(), rounds.get(r).testAccuracy());
            }
            System.out.printf("process federation: final accuracy %.4f (simulation %.4f)%n", rounds.get(4).testAccuracy(),
                    sim.federated().metrics().accuracy());
        }
    }

    @Test
    void aNodeKilledMidRunLeavesTheOthersToFinish(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, "site-1", "site-2", "site-3");
        Path config = writeConfig(dir, port, 4, 30, 2, "jdbc:h2:file:" + dir.resolve("state").toAbsolutePath(), "fedavg");
        Path progress = dir.resolve("coordinator.log");
        PrintStream out = new PrintStream(Files.newOutputStream(progress), true, StandardCharsets.UTF_8);
        Coordinator coordinator = new Coordinator(CoordinatorConfig.load(config), null, out);
        CompletableFuture<Coordinator.Outcome> run = CompletableFuture.supplyAsync(() -> {
            try {
                return coordinator.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        List<Process> nodes = startNodes(p, dir);
        waitForLine(progress, "round 2/4", 120, null);
        nodes.get(1).destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        Coordinator.Outcome outcome = run.get(120, TimeUnit.SECONDS);
        List<RoundResult> rounds = outcome.federation().rounds();
        assertEquals(4, rounds.size());
        RoundResult last = rounds.get(3);
        assertEquals(List.of("site-1", "site-3"), last.participants(), Files.readString(progress));
        assertTrue(last.failures().containsKey("site-2"), last.failures().toString());
        assertTrue(last.aggregated());
        assertTrue(rounds.get(0).participants().size() == 3);
        assertTrue(nodes.get(0).waitFor(30, TimeUnit.SECONDS) && nodes.get(2).waitFor(30, TimeUnit.SECONDS));
        out.close();
    }

    /**
     * SecAgg+ across processes: four node processes, one killed with SIGKILL right after it sent its
     * masked update in round 2. The round still completes, with that node's input in the sum and its
     * masks removed from its neighbours' shares: the round-2 model equals the clear simulation's (all
     * four sites) within quantization, and round 3 runs with the three left.
     */
    @Test
    void aSecureRoundSurvivesANodeKilledAfterItsMaskedUpload(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        List<String> sites = List.of("site-1", "site-2", "site-3", "site-4");
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, sites.toArray(String[]::new));
        String study = """
                federation: test
                provisioning: fed
                listen: 127.0.0.1:%d
                db: jdbc:h2:file:%s
                rounds: 3
                round_deadline_seconds: 60
                site_wait_seconds: 3
                start_wait_seconds: 120
                study:
                  dataset: wdbc
                  sites: 4
                  seed: 7
                """.formatted(port, dir.resolve("state").toAbsolutePath());
        Path config = Files.writeString(dir.resolve("federation.yaml"), study + "  secure_aggregation: secagg+\n");
        Path progress = dir.resolve("coordinator.log");
        PrintStream out = new PrintStream(Files.newOutputStream(progress), true, StandardCharsets.UTF_8);
        Coordinator coordinator = new Coordinator(CoordinatorConfig.load(config), null, out);
        CompletableFuture<Coordinator.Outcome> run = NetFixtures.startCoordinator(coordinator);
        // the kill follows the coordinator's receipt of site-4's round-2 masked input (a node's "sent" line only says the
        // message was queued: killed at once, it could still be lost on the way)
        CountDownLatch maskedInputArrived = new CountDownLatch(1);
        long serverDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (coordinator.server() == null && System.nanoTime() < serverDeadline) {
            Thread.sleep(20);
        }
        coordinator.server().tap((site, m) -> {
            if (site.equals("site-4") && m.hasResult() && m.getResult().getRound() == 2 && m.getResult().hasSecureStep()
                    && SecAggCodec.decode(m.getResult().getSecureStep().getMessage().toByteArray()) instanceof SecAggMessage.MaskedInput) {
                maskedInputArrived.countDown();
            }
        });
        List<Process> nodes = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            nodes.add(start(NodeMain.class, dir.resolve("node-" + i + ".log"), "--kit", p.layout().kit("site-" + i).toString(),
                    "--dataset", "wdbc", "--sites", "4", "--seed", "7", "--give-up-seconds", "90"));
        }
        assertTrue(maskedInputArrived.await(180, TimeUnit.SECONDS), read(progress));
        nodes.get(3).destroyForcibly().waitFor(10, TimeUnit.SECONDS); // kill -9 after its masked upload reached the coordinator

        Coordinator.Outcome outcome = run.get(180, TimeUnit.SECONDS);
        List<RoundResult> rounds = outcome.federation().rounds();
        assertEquals(3, rounds.size(), read(progress));
        RoundResult second = rounds.get(1);
        assertTrue(second.aggregated(), read(progress));
        assertEquals(4, second.secure().summed(), "the killed node's masked input is in the sum");
        assertTrue(second.secure().recovered().containsKey("site-4"), second.secure().recovered().toString());
        assertEquals(3, rounds.get(2).secure().summed(), read(progress));

        Path clear = Files.writeString(dir.resolve("clear.yaml"), study);
        SimulationResult sim = Simulation.withDjl().run(CoordinatorConfig.load(clear).study(), SimulationListener.SILENT);
        float[] expected = sim.federation().rounds().get(1).global().values();
        float[] actual = second.global().values();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4, "parameter " + i + " of the round-2 model");
        }
        out.close();
    }

    private Path writeConfig(Path dir, int port, int rounds, int deadline, int siteWait, String db, String strategy) throws IOException {
        Path config = dir.resolve("federation.yaml");
        Files.writeString(config, """
                federation: test
                provisioning: fed
                listen: 127.0.0.1:%d
                db: %s
                rounds: %d
                round_deadline_seconds: %d
                site_wait_seconds: %d
                start_wait_seconds: 120
                study:
                  dataset: wdbc
                  sites: 3
                  seed: 7
                  strategy: %s
                """.formatted(port, db, rounds, deadline, siteWait, strategy));
        return config;
    }

    private List<Process> startNodes(Provisioner p, Path dir) throws IOException {
        List<Process> nodes = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            nodes.add(start(NodeMain.class, dir.resolve("node-" + i + ".log"), "--kit", p.layout().kit("site-" + i).toString(),
                    "--dataset", "wdbc", "--sites", "3", "--seed", "7", "--give-up-seconds", "90"));
        }
        return nodes;
    }

    private Process start(Class<?> main, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path")));
        String cache = System.getProperty("DJL_CACHE_DIR");
        if (cache != null) {
            cmd.add(2, "-DDJL_CACHE_DIR=" + cache);
        }
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private static void waitForLine(Path log, String text, int seconds, Process alive) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && read(log).contains(text)) {
                return;
            }
            if (alive != null && !alive.isAlive()) {
                throw new AssertionError("process ended before '" + text + "':\n" + tail(log));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' within " + seconds + " s:\n" + tail(log) + nodeLogs(log.getParent()));
    }

    /** The nodes' side of a stall (a node that never connected says why only in its own log). */
    private static String nodeLogs(Path dir) {
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= 4; i++) {
            Path f = dir.resolve("node-" + i + ".log");
            if (Files.exists(f)) {
                String t = tail(f);
                s.append("\n--- node-").append(i).append(".log ---\n").append(t.length() > 1500 ? t.substring(t.length() - 1500) : t);
            }
        }
        return s.toString();
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path f) {
        if (!Files.exists(f)) {
            return "(no log)";
        }
        String s = read(f);
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }
}
