package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.fedmed.core.federation.FederationResult;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.sim.Simulation;
import org.fedmed.sim.SimulationListener;
import org.fedmed.sim.SimulationResult;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ECG heartbeats over the deployment: the coordinator and three hospital nodes (in this process, over
 * mutual TLS on loopback) train ECG200 with the 1-D CNN, the LSTM and ROCKET. The signal models travel in
 * the study's model description, the nodes rebuild the same series split from the bundled files (for
 * ROCKET also the same kernels, from the study's seed, and the same standardization), and
 * the deployed federation ends with the simulation's weights, bit for bit (no dropout, so the engine's
 * process-wide generator plays no part while the nodes train side by side).
 */
class SignalDeploymentTest {

    @ParameterizedTest
    @ValueSource(strings = {"cnn1d", "lstm", "rocket"})
    void ecg200DeploymentEqualsTheSimulation(String model, @TempDir Path dir) throws Exception {
        // few kernels keep the test fast
        String keys = "  model: " + model + "\n" + (model.equals("rocket") ? "  rocket_kernels: 300\n" : "");
        InProcessDeployment.Run run = InProcessDeployment.run(dir, "ecg200", 3, 11, 2, keys);
        assertEquals(ModelArchitecture.parse(model), run.config().study().architecture());
        FederationResult deployed = run.outcome().federation();
        assertEquals(2, deployed.rounds().size(), run.console());
        deployed.rounds().forEach(r -> assertEquals(List.of("site-1", "site-2", "site-3"), r.participants(), run.console()));

        SimulationResult sim = Simulation.withDjl().run(run.config().study(), SimulationListener.SILENT);
        assertArrayEquals(sim.federation().finalWeights().values(), deployed.finalWeights().values(),
                "a deployed " + model + " federation ends with the simulation's weights");
        double accuracy = deployed.rounds().get(1).globalEvaluation().metrics().accuracy();
        assertEquals(sim.federation().rounds().get(1).globalEvaluation().metrics().accuracy(), accuracy);
        assertTrue(accuracy > 0.5, model + " on ECG200 after 2 rounds: " + accuracy);
        if (model.equals("rocket")) {
            // the nodes trained on 600 features (two per kernel), not on the 96 raw values
            assertEquals(600, deployed.finalWeights().size() / 2 - 1, run.console());
        }
    }
}
