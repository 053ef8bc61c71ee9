package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.fedmed.sim.Simulation;
import org.fedmed.sim.SimulationListener;
import org.fedmed.sim.SimulationResult;
import org.fedmed.study.StudySpecBuilder;
import org.fedmed.study.keys.KeySource;
import org.fedmed.study.keys.StudyKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image augmentation in a deployment: the fit task carries the study's augmentation, each node
 * transforms its own images from the task's seed, and the study ends with the simulation's weights.
 */
class AugmentDeploymentTest {

    @Test
    void nodesAugmentTheirImagesAsTheSimulatedSitesDo(@TempDir Path dir) throws Exception {
        // dropout 0: each node's own engine would draw other dropout masks than the simulation's one trainer
        InProcessDeployment.Run run = InProcessDeployment.run(dir, "breastmnist", 2, 7, 1,
                "  model: cnn\n  dropout: 0\n  augment: flip,shift:1\n  local_epochs: 1\n");
        assertEquals(1, run.outcome().federation().rounds().size(), run.console());
        assertEquals(2, run.outcome().federation().lastRound().participants().size(), run.console());
        SimulationResult sim = Simulation.withDjl().run(run.config().study(), SimulationListener.SILENT);
        assertArrayEquals(sim.federation().finalWeights().values(), run.outcome().federation().finalWeights().values(),
                "augmented local training at the nodes ends bit for bit as in the simulation");
        // and the augmentation mattered: the same study without it ends elsewhere
        StudySpecBuilder plain = new StudySpecBuilder();
        StudyKeys.apply(plain, Map.of("dataset", "breastmnist", "sites", 2L, "seed", 7L, "rounds", 1L, "model", "cnn", "dropout", 0.0,
                "local_epochs", 1L, "baselines", false), KeySource.commandLine());
        SimulationResult unaugmented = Simulation.withDjl().run(plain.build(), SimulationListener.SILENT);
        assertFalse(Arrays.equals(unaugmented.federation().finalWeights().values(), run.outcome().federation().finalWeights().values()));
    }
}
