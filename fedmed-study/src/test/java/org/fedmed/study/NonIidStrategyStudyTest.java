package org.fedmed.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.fedmed.core.strategy.Cyclic;
import org.fedmed.study.keys.KeySource;
import org.fedmed.study.keys.StudyKeys;
import org.junit.jupiter.api.Test;

/** Cyclic and SCAFFOLD studies assemble; the combinations they cannot honour are refused before round 1. */
class NonIidStrategyStudyTest {

    private static final List<String> SITES = IntStream.rangeClosed(1, 4).mapToObj(i -> "site-" + i).toList();

    private static StudySpecBuilder cyclic() {
        StudySpecBuilder b = new StudySpecBuilder();
        b.baselines = false;
        StudyKeys.apply(b, "strategy", "cyclic", KeySource.commandLine());
        return b;
    }

    private static StudyAssembly assemble(StudySpecBuilder b) {
        StudySpec spec = b.build();
        return StudyAssembly.assemble(spec, StudyRuntime.SIMULATION, spec.training(), SITES, s -> { });
    }

    @Test
    void aPlainCyclicStudyTrainsOneSiteARound() {
        StudyAssembly a = assemble(cyclic());
        assertEquals("cyclic", a.strategy().name());
        assertEquals(1, a.strategy().configureFit(1, null, SITES).size());
    }

    @Test
    void secureAggregationClientDpAndAFractionAreRefused() {
        StudySpecBuilder secure = cyclic();
        secure.secureAggregation = "secagg+";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> assemble(secure));
        assertTrue(e.getMessage().startsWith("strategy cyclic sends one site's model per round"), e.getMessage());
        StudySpecBuilder dp = cyclic();
        dp.dpClip = 1.0;
        dp.dpNoise = 1.0;
        e = assertThrows(IllegalArgumentException.class, () -> assemble(dp));
        assertEquals(Cyclic.clientDpRefusal(), e.getMessage());
        StudySpecBuilder half = cyclic();
        half.fraction = 0.5;
        e = assertThrows(IllegalArgumentException.class, () -> assemble(half));
        assertTrue(e.getMessage().contains("trains one site per round"), e.getMessage());
    }

    @Test
    void scaffoldAssemblesInSimulationsAndDeploymentsAndIsRefusedWhereItCannotWork() {
        StudySpecBuilder b = new StudySpecBuilder();
        b.baselines = false;
        StudyKeys.apply(b, "strategy", "scaffold", KeySource.commandLine());
        StudyKeys.apply(b, "optimizer", "sgd", KeySource.commandLine());
        assertEquals("scaffold", assemble(b).strategy().name());
        StudySpec spec = b.build();
        // deployments carry c to the nodes with the model (fedmed-net's ControlTransfer)
        assertEquals("scaffold", StudyAssembly.assemble(spec, StudyRuntime.DEPLOYMENT, spec.training(), SITES, s -> { })
                .strategy().name());
        b.secureAggregation = "secagg+";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> assemble(b));
        assertTrue(e.getMessage().contains("secure sum hides"), e.getMessage());
        StudySpecBuilder adam = new StudySpecBuilder();
        adam.baselines = false;
        StudyKeys.apply(adam, "strategy", "scaffold", KeySource.commandLine());
        StudyKeys.apply(adam, "optimizer", "adam", KeySource.commandLine());
        e = assertThrows(IllegalArgumentException.class, () -> assemble(adam));
        assertTrue(e.getMessage().contains("plain local SGD"), e.getMessage());
    }
}
