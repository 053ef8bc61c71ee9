package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.net.coordinator.Coordinator;
import org.fedmed.net.coordinator.CoordinatorConfig;
import org.fedmed.net.node.NodeMain;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.transfer.Weights;
import org.fedmed.sim.Simulation;
import org.fedmed.sim.SimulationListener;
import org.fedmed.sim.SimulationResult;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ECG heartbeats over the deployment: the coordinator and three hospital nodes (in this process, over
 * mutual TLS on loopback) train ECG200 with the 1-D CNN and with the LSTM. The signal models travel in
 * the study's model description, the nodes rebuild the same series split from the bundled files, and
 * the deployed federation ends with the simulation's weights, bit for bit (no dropout, so the engine's
 * process-wide generator plays no part while the nodes train side by side).
 */
class SignalDeploymentTest {

    @ParameterizedTest
    @ValueSource(strings = {"cnn1d", "lstm"})
    void ecg200DeploymentEqualsTheSimulation(String model, @TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, "site-1", "site-2", "site-3");
        Path config = Files.writeString(dir.resolve("federation.yaml"), """
                federation: test
                provisioning: fed
                listen: 127.0.0.1:%d
                db: jdbc:h2:file:%s
                rounds: 2
                site_wait_seconds: 60
                start_wait_seconds: 60
                study:
                  dataset: ecg200
                  model: %s
                  sites: 3
                  seed: 11
                """.formatted(port, dir.resolve("state").toAbsolutePath(), model));
        CoordinatorConfig cfg = CoordinatorConfig.load(config);
        assertEquals(ModelArchitecture.parse(model), cfg.study().architecture());
        ByteArrayOutputStream coordinatorLog = new ByteArrayOutputStream();
        Coordinator c = new Coordinator(cfg, null, new PrintStream(coordinatorLog, true, StandardCharsets.UTF_8));
        CompletableFuture<Coordinator.Outcome> run = NetFixtures.startCoordinator(c);
        List<CompletableFuture<Integer>> nodes = new ArrayList<>();
        List<ByteArrayOutputStream> logs = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            logs.add(log);
            NodeMain.Options o = new NodeMain.Options(p.layout().kit("site-" + i), null, "ecg200", null, 3, 11L, null, null,
                    Weights.DEFAULT_CHUNK_BYTES, Duration.ofSeconds(60));
            nodes.add(NetFixtures.onDaemon("site-" + i, () -> NodeMain.run(o, new PrintStream(log, true, StandardCharsets.UTF_8))));
        }
        Coordinator.Outcome outcome = run.get(240, TimeUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, nodes.get(i).get(60, TimeUnit.SECONDS), logs.get(i).toString(StandardCharsets.UTF_8));
        }
        String console = coordinatorLog.toString(StandardCharsets.UTF_8);
        assertEquals(2, outcome.federation().rounds().size(), console);
        outcome.federation().rounds().forEach(r ->
                assertEquals(List.of("site-1", "site-2", "site-3"), r.participants(), console));

        SimulationResult sim = Simulation.withDjl().run(cfg.study(), SimulationListener.SILENT);
        assertArrayEquals(sim.federation().finalWeights().values(), outcome.federation().finalWeights().values(),
                "a deployed " + model + " federation ends with the simulation's weights");
        double accuracy = outcome.federation().rounds().get(1).globalEvaluation().metrics().accuracy();
        assertEquals(sim.federation().rounds().get(1).globalEvaluation().metrics().accuracy(), accuracy);
        assertTrue(accuracy > 0.5, model + " on ECG200 after 2 rounds: " + accuracy);
    }
}
