package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.fedmed.net.coordinator.CoordinatorConfig;
import org.fedmed.net.store.RunStore;
import org.fedmed.sim.Simulation;
import org.fedmed.sim.SimulationListener;
import org.fedmed.sim.SimulationResult;
import org.fedmed.study.StudySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SCAFFOLD deployed: the server control variate c reaches the nodes with the model, each node corrects
 * its gradients with c − c_i and keeps its c_i, and the federation ends with the simulation's weights
 * bit for bit; c is checkpointed in the run store for a restarted coordinator.
 */
class ScaffoldDeploymentTest {

    @Test
    void aDeployedScaffoldStudyEqualsTheSimulationAndCheckpointsItsControlVariate(@TempDir Path dir) throws Exception {
        InProcessDeployment.Run run = InProcessDeployment.run(dir, "wdbc", 3, 7, 3,
                "  partition: dirichlet:0.5\n  strategy: scaffold\n  optimizer: sgd\n  lr: 0.05\n");
        StudySpec study = run.config().study();
        SimulationResult sim = Simulation.withDjl().run(study, SimulationListener.SILENT);
        float[] deployed = run.outcome().federation().finalWeights().values();
        assertArrayEquals(sim.federation().finalWeights().values(), deployed,
                "the deployed SCAFFOLD federation ends with the simulation's weights\n" + run.console());

        // the control variates changed the training: FedAvg with the same local SGD ends elsewhere
        Path fedAvgConfig = Files.writeString(dir.resolve("fedavg.yaml"),
                Files.readString(dir.resolve("federation.yaml")).replace("strategy: scaffold", "strategy: fedavg"));
        StudySpec fedAvg = CoordinatorConfig.load(fedAvgConfig).study();
        assertEquals("fedavg", fedAvg.strategy());
        float[] plain = Simulation.withDjl().run(fedAvg, SimulationListener.SILENT).federation().finalWeights().values();
        assertFalse(Arrays.equals(plain, deployed), "SCAFFOLD and FedAvg ended with the same weights");

        try (RunStore store = RunStore.open(run.config().jdbcUrl(null))) {
            assertTrue(store.useStudy(run.config().studyName()));
            RunStore.Checkpoint last = store.lastCheckpoint().orElseThrow();
            assertEquals(3, last.round());
            float[] c = last.strategyState().array("scaffold.control");
            assertEquals(deployed.length, c.length);
            assertTrue(Math.sqrt(sumOfSquares(c)) > 0, "c after three rounds is zero");
        }
    }

    private static double sumOfSquares(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return s;
    }
}
