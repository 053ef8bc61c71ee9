package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
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
import org.fedmed.cli.report.OwnDataReport;
import org.fedmed.core.explain.SiteExplanation;
import org.fedmed.data.read.HeartDiseaseReader;
import org.fedmed.learn.DjlTrainer;
import org.fedmed.net.coordinator.Coordinator;
import org.fedmed.net.coordinator.CoordinatorConfig;
import org.fedmed.net.node.NodeMain;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.transfer.Weights;
import org.fedmed.sim.OwnDataSimulation;
import org.fedmed.sim.SimulationListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same own-data study deployed (coordinator and three nodes over mutual TLS, each on its own CSV
 * file) and simulated (the same files as simulated hospitals): the statistics step fits the same
 * preprocessing and the rounds give bit-identical weights.
 */
class OwnDataSimulationTest {

    private static final int ROUNDS = 3;

    @Test
    void aSimulationOfAnOwnDataStudyGivesTheDeploymentsWeights(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        List<String> ids = List.of("site-1", "site-2", "site-3");
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, ids.toArray(String[]::new));
        List<Path> hospitals = OwnDataFixtures.heartHospitals(dir.resolve("data"));
        // cleveland, hungary (columns reversed, NA for missing), va_long_beach (many missing values)
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("site-1", hospitals.get(0));
        files.put("site-2", hospitals.get(1));
        files.put("site-3", hospitals.get(3));
        Path config = Files.writeString(dir.resolve("federation.yaml"), """
                federation: test
                provisioning: fed
                listen: 127.0.0.1:%d
                db: jdbc:h2:file:%s
                round_deadline_seconds: 60
                site_wait_seconds: 5
                start_wait_seconds: 60
                study:
                  rounds: %d
                  strategy: fedavgm
                  params: {server_momentum: 0.5}
                  lr: 0.05
                  local_epochs: 2
                  batch_size: 16
                  seed: 11
                  explain: true
                  explain_rows: 20
                  contribution: loo
                  finetune_epochs: 2
                  data:
                    label: diagnosis
                    classes: [absent, present]
                    features: [%s]
                """.formatted(port, dir.resolve("state").toAbsolutePath(), ROUNDS, String.join(", ", HeartDiseaseReader.FEATURES)));
        CoordinatorConfig cfg = CoordinatorConfig.load(config);

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Coordinator coordinator = new Coordinator(cfg, null, new PrintStream(log, true, StandardCharsets.UTF_8));
        CompletableFuture<Coordinator.Outcome> run = NetFixtures.startCoordinator(coordinator);
        List<CompletableFuture<Integer>> nodes = new ArrayList<>();
        for (String site : ids) {
            NodeMain.Options o = NodeMain.Options.ownData(p.layout().kit(site), files.get(site), Weights.DEFAULT_CHUNK_BYTES,
                    Duration.ofSeconds(60));
            nodes.add(NetFixtures.onDaemon(site, () -> NodeMain.run(o, new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8))));
        }
        Coordinator.Outcome deployed = run.get(240, TimeUnit.SECONDS);
        for (CompletableFuture<Integer> n : nodes) {
            assertEquals(0, n.get(60, TimeUnit.SECONDS), log.toString(StandardCharsets.UTF_8));
        }

        OwnDataSimulation.Result simulated = OwnDataSimulation.run(cfg.study(), files,
                model -> DjlTrainer.builder().model(model).build(), SimulationListener.SILENT);

        assertEquals(deployed.preprocessing().sites(), simulated.fit().sites());
        assertArrayEquals(deployed.preprocessing().preprocessing().standardizer().mean(),
                simulated.fit().preprocessing().standardizer().mean(), "the same merged statistics, the same imputation means");
        assertArrayEquals(deployed.preprocessing().preprocessing().standardizer().std(),
                simulated.fit().preprocessing().standardizer().std());
        assertEquals(deployed.model(), simulated.model());
        assertEquals(ROUNDS, simulated.federation().rounds().size());
        assertArrayEquals(deployed.federation().finalWeights().values(), simulated.federation().finalWeights().values(),
                "the deployment and the simulation of one own-data study give bit-identical weights");

        // each hospital explains on its own rows alike, and the coalitions' scores pool to the same values
        List<SiteExplanation> d = coordinator.explanations().tabular().sites();
        List<SiteExplanation> s = simulated.explanations().tabular().sites();
        assertEquals(3, d.size(), log.toString(StandardCharsets.UTF_8));
        for (int i = 0; i < 3; i++) {
            assertEquals(s.get(i).site(), d.get(i).site());
            assertArrayEquals(s.get(i).meanAbsShap(), d.get(i).meanAbsShap(), d.get(i).site());
            assertArrayEquals(s.get(i).permutationImportance(), d.get(i).permutationImportance(), d.get(i).site());
        }
        assertEquals(simulated.contribution().summary().loo(), coordinator.contributionValues().summary().loo());
        assertEquals(simulated.contribution().summary().rewards(), coordinator.contributionValues().summary().rewards());
        // and each hospital's personal model scores on its own test split as the simulated one does
        assertEquals(List.of("site-1", "site-2", "site-3"), List.copyOf(coordinator.personalModels().keySet()));
        for (String site : ids) {
            assertEquals(simulated.personal().get(site).metrics().accuracy(), coordinator.personalModels().get(site).metrics().accuracy(),
                    site);
        }
        JsonNode report = new ObjectMapper().readTree(OwnDataReport.json(cfg, deployed, coordinator));
        assertEquals(3, report.at("/personalization/sites").size(), report.toPrettyString());
        assertEquals("finetune", report.at("/personalization/method").asText());
    }
}
