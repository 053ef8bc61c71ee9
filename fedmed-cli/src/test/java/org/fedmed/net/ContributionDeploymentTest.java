package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.fedmed.core.contribution.ContributionSummary;
import org.fedmed.sim.Simulation;
import org.fedmed.sim.SimulationListener;
import org.fedmed.sim.SimulationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contribution values in a demo-data deployment: the coordinator values each round's clear updates on its
 * global test set, as the simulation does, so a deployment that ends with the simulation's weights ends
 * with its values too; nothing new leaves a node.
 */
class ContributionDeploymentTest {

    @Test
    void aDeployedStudyValuesItsSitesAsTheSimulationDoes(@TempDir Path dir) throws Exception {
        InProcessDeployment.Run run = InProcessDeployment.run(dir, "wdbc", 3, 7, 3, "  contribution: loo\n  reward_pool: 90\n");
        SimulationResult sim = Simulation.withDjl().run(run.config().study(), SimulationListener.SILENT);
        var deployed = run.coordinator().contributionValues();
        assertNotNull(deployed, run.console());
        ContributionSummary d = deployed.summary();
        ContributionSummary s = sim.contribution().summary();
        assertEquals(s.loo(), d.loo(), "per-site leave-one-out values");
        assertEquals(s.rewards(), d.rewards());
        assertEquals(90.0, d.rewards().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
        assertEquals(3, d.loo().size());
        assertTrue(d.loo().keySet().containsAll(List.of("site-1", "site-2", "site-3")), d.loo().toString());
    }
}
