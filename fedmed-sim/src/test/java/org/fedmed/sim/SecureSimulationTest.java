package org.fedmed.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fedmed.core.federation.RoundResult;
import org.fedmed.study.StudySpec;
import org.fedmed.study.StudySpecBuilder;
import org.junit.jupiter.api.Test;

/** The bundled WDBC study under SecAgg+ and Paillier, with the real trainer: same model as in the clear, dropouts recovered. */
class SecureSimulationTest {

    private static StudySpec wdbc(String protection, Double siteDropout) {
        StudySpecBuilder b = new StudySpecBuilder();
        b.dataset = "wdbc";
        b.rounds = 3;
        b.seed = 5L;
        b.baselines = false;
        b.secureAggregation = protection;
        b.siteDropout = siteDropout;
        return b.build();
    }

    private static void assertSameModel(SimulationResult clear, SimulationResult secure, double tolerance) {
        float[] a = clear.federation().finalWeights().values();
        float[] b = secure.federation().finalWeights().values();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], tolerance, "parameter " + i);
        }
    }

    @Test
    void secAggGivesTheClearModelWithinQuantizationAndRecoversVanishedSites() {
        SimulationResult clear = Simulation.withDjl().run(wdbc(null, null), SimulationListener.SILENT);
        SimulationResult secure = Simulation.withDjl().run(wdbc("secagg+", 0.2), SimulationListener.SILENT);
        assertSameModel(clear, secure, 1e-4);
        for (RoundResult r : secure.federation().rounds()) {
            assertNotNull(r.secure());
            assertEquals(1, r.secure().recovered().size(), "one of 5 sites vanished after its masked upload");
            assertEquals(5, r.secure().summed(), "its input is in the sum");
        }
        assertNull(clear.federation().rounds().get(0).secure());
        assertTrue(secure.aggregation().equals(clear.aggregation()), secure.aggregation());
    }

    @Test
    void paillierGivesTheClearModelWithinQuantization() {
        SimulationResult clear = Simulation.withDjl().run(wdbc(null, null), SimulationListener.SILENT);
        SimulationResult secure = Simulation.withDjl().run(wdbc("paillier", null), SimulationListener.SILENT);
        assertSameModel(clear, secure, 1e-4);
        assertEquals("paillier", secure.federation().rounds().get(0).secure().protection());
    }

    @Test
    void secureSettingsWithoutSecureAggregationAreRefused() {
        StudySpecBuilder b = new StudySpecBuilder();
        b.siteDropout = 0.2;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertEquals("secure-aggregation settings given without secure aggregation: set secure_aggregation "
                + "(--secure-aggregation) to secagg+ or paillier", e.getMessage());
    }
}
