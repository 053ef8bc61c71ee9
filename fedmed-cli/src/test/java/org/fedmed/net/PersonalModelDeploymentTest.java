package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.sim.Simulation;
import org.fedmed.sim.SimulationListener;
import org.fedmed.sim.SimulationResult;
import org.fedmed.study.model.SavedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Personal models in a deployment: after the last round each node fine-tunes the final model on its own
 * training data as a simulated site does, keeps it in its kit (owner-only, in the saved-model format) and
 * sends only its evaluation on its own test split.
 */
class PersonalModelDeploymentTest {

    @Test
    void eachNodeKeepsItsPersonalModelAndSendsOnlyItsEvaluation(@TempDir Path dir) throws Exception {
        InProcessDeployment.Run run = InProcessDeployment.run(dir, "wdbc", 3, 7, 2, "  finetune_epochs: 2\n");
        Map<String, EvaluationResult> deployed = run.coordinator().personalModels();
        assertEquals(List.of("site-1", "site-2", "site-3"), List.copyOf(deployed.keySet()), run.console());
        SimulationResult sim = Simulation.withDjl().run(run.config().study(), SimulationListener.SILENT);
        for (String site : deployed.keySet()) {
            long[][] d = deployed.get(site).metrics().confusion();
            long[][] s = sim.personal().get(site).metrics().confusion();
            for (int i = 0; i < d.length; i++) {
                assertEquals(List.of(s[i][0], s[i][1]), List.of(d[i][0], d[i][1]), site + ": the simulated site's personal model");
            }
        }
        for (int i = 1; i <= 3; i++) {
            Path kit = dir.resolve("fed/kits/site-" + i);
            List<Path> kept;
            try (var files = Files.list(kit)) {
                kept = files.filter(f -> f.getFileName().toString().startsWith("personal-model-")).toList();
            }
            assertEquals(1, kept.size(), kit.toString());
            SavedModel model = SavedModel.read(kept.get(0));
            assertEquals(List.of("benign", "malignant"), model.classes());
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(kept.get(0).resolve(SavedModel.WEIGHTS)));
            assertTrue(run.nodeConsoles().get(i - 1).contains("round 2: personal model fine-tuned for 2 epoch(s), kept in"),
                    run.nodeConsoles().get(i - 1));
        }
    }
}
