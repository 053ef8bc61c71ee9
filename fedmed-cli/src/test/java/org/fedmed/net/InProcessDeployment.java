package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.fedmed.net.coordinator.Coordinator;
import org.fedmed.net.coordinator.CoordinatorConfig;
import org.fedmed.net.node.NodeMain;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.transfer.Weights;

/**
 * A deployment in this process for tests that compare it with the simulation: provisioned kits, a
 * coordinator over mutual TLS on loopback and one demo-data node per site, each node rebuilding its
 * share of a bundled dataset from the study's split.
 */
final class InProcessDeployment {

    /** What the run left: its outcome, the config it ran, the coordinator's console, the coordinator and the nodes' consoles. */
    record Run(Coordinator.Outcome outcome, CoordinatorConfig config, String console, Coordinator coordinator, List<String> nodeConsoles) {
    }

    private InProcessDeployment() {
    }

    /**
     * Runs a study of {@code dataset} over {@code sites} nodes named site-1.., split with {@code seed}.
     *
     * @param studyKeys further study keys, YAML lines indented by two spaces (e.g. "  model: lstm\n")
     */
    static Run run(Path dir, String dataset, int sites, long seed, int rounds, String studyKeys) throws Exception {
        int port = NetFixtures.freePort();
        String[] names = new String[sites];
        for (int i = 0; i < sites; i++) {
            names[i] = "site-" + (i + 1);
        }
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, names);
        Path config = Files.writeString(dir.resolve("federation.yaml"), """
                federation: test
                provisioning: fed
                listen: 127.0.0.1:%d
                db: jdbc:h2:file:%s
                rounds: %d
                site_wait_seconds: 60
                start_wait_seconds: 60
                study:
                  dataset: %s
                  sites: %d
                  seed: %d
                """.formatted(port, dir.resolve("state").toAbsolutePath(), rounds, dataset, sites, seed) + studyKeys);
        CoordinatorConfig cfg = CoordinatorConfig.load(config);
        ByteArrayOutputStream coordinatorLog = new ByteArrayOutputStream();
        Coordinator c = new Coordinator(cfg, null, new PrintStream(coordinatorLog, true, StandardCharsets.UTF_8));
        CompletableFuture<Coordinator.Outcome> run = NetFixtures.startCoordinator(c);
        List<CompletableFuture<Integer>> nodes = new ArrayList<>();
        List<ByteArrayOutputStream> logs = new ArrayList<>();
        for (String site : names) {
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            logs.add(log);
            NodeMain.Options o = new NodeMain.Options(p.layout().kit(site), null, dataset, null, sites, seed, null, null,
                    Weights.DEFAULT_CHUNK_BYTES, Duration.ofSeconds(60));
            nodes.add(NetFixtures.onDaemon(site, () -> NodeMain.run(o, new PrintStream(log, true, StandardCharsets.UTF_8))));
        }
        Coordinator.Outcome outcome = run.get(240, TimeUnit.SECONDS);
        for (int i = 0; i < sites; i++) {
            assertEquals(0, nodes.get(i).get(60, TimeUnit.SECONDS), logs.get(i).toString(StandardCharsets.UTF_8));
        }
        return new Run(outcome, cfg, coordinatorLog.toString(StandardCharsets.UTF_8), c,
                logs.stream().map(l -> l.toString(StandardCharsets.UTF_8)).toList());
    }
}
