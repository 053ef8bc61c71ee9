package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedmed.cli.deploy.CoordinatorCommand;
import org.fedmed.core.explain.SiteExplanation;
import org.fedmed.core.trail.ChainEntry;
import org.fedmed.core.trail.EntryType;
import org.fedmed.net.trail.ChainFile;
import org.fedmed.net.trail.ChainLines;
import org.fedmed.net.trail.TrailVerification;
import org.fedmed.sim.Simulation;
import org.fedmed.sim.SimulationListener;
import org.fedmed.sim.SimulationResult;
import org.fedmed.study.explain.TabularExplanation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Explanations in a deployment: each node explains the final model on its own training rows with the
 * code a simulated site runs, so a deployment that ends with the simulation's weights releases, site by
 * site, the simulation's mean |SHAP| and importances; the coordinator aggregates them into the report.
 */
class ExplainDeploymentTest {

    @Test
    void eachNodeExplainsOnItsOwnRowsAsTheSimulatedSiteDoes(@TempDir Path dir) throws Exception {
        InProcessDeployment.Run run = InProcessDeployment.run(dir, "wdbc", 3, 7, 2, "  explain: true\n  explain_rows: 30\n");
        TabularExplanation deployed = run.coordinator().explanations() == null ? null : run.coordinator().explanations().tabular();
        assertNotNull(deployed, run.console());
        SimulationResult sim = Simulation.withDjl().run(run.config().study(), SimulationListener.SILENT);
        TabularExplanation simulated = sim.explanations().tabular();
        assertEquals(3, deployed.sites().size(), run.console());
        assertEquals(List.of(), deployed.refusals());
        for (int i = 0; i < 3; i++) {
            SiteExplanation d = deployed.sites().get(i);
            SiteExplanation s = simulated.sites().stream().filter(x -> x.site().equals(d.site())).findFirst().orElseThrow();
            assertEquals(s.rows(), d.rows(), d.site());
            assertArrayEquals(s.meanAbsShap(), d.meanAbsShap(), d.site() + ": mean |SHAP|");
            assertArrayEquals(s.permutationImportance(), d.permutationImportance(), d.site() + ": permutation importance");
        }
        assertArrayEquals(simulated.aggregate().meanAbsShap(), deployed.aggregate().meanAbsShap());
        assertEquals(simulated.features(), deployed.features());
        assertNull(deployed.dp());
        assertTrue(run.console().contains("explain: no DP in the study: the sites' explanations were released in clear"), run.console());
        for (String node : run.nodeConsoles()) {
            assertTrue(node.contains("round 2: explanation sent: mean |SHAP| of 30 features over 30 of its training rows (no noise)"),
                    node);
        }

        // both chains record it: the coordinator who explained, each node its release; they still verify
        String store = "jdbc:h2:file:" + dir.resolve("state").toAbsolutePath();
        List<ChainEntry> chain = ChainLines.parse(TrailVerification.coordinator(store).lines(), "coordinator", store).entries();
        ChainEntry received = chain.stream().filter(e -> e.type().equals(EntryType.EXPLANATIONS_RECEIVED)).findFirst().orElseThrow();
        assertEquals("clear", received.payload().get("release"));
        assertEquals(List.of(), received.payload().get("refused"));
        List<Path> kits = List.of(dir.resolve("fed/kits/site-1"), dir.resolve("fed/kits/site-2"), dir.resolve("fed/kits/site-3"));
        for (Path kit : kits) {
            List<ChainEntry> node = ChainLines.read(kit.resolve(ChainFile.NODE_CHAIN), "node").entries();
            assertEquals(1, node.stream().filter(e -> "explanation".equals(e.payload().get("kind"))).count(), kit.toString());
        }
        TrailVerification.Report verified = TrailVerification.verify(TrailVerification.coordinator(store),
                dir.resolve("fed/coordinator/ca.crt"), null, kits);
        assertEquals(List.of(), verified.problems());

        // the report a study coordinator reads
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        CoordinatorCommand.writeReports(run.config(), null, run.coordinator(), run.outcome(),
                new PrintStream(console, true, StandardCharsets.UTF_8), false);
        JsonNode report = new ObjectMapper().readTree(Files.readString(run.config().out().resolve("report.json")));
        assertEquals("kernel_shap", report.at("/explanations/method").asText(), report.toPrettyString());
        assertTrue(Files.readString(run.config().out().resolve("report.html")).contains("Kernel SHAP"));
    }
}
