package org.fedmed.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.training.ModelSpec;
import org.junit.jupiter.api.Test;

/** One assembly for both runtimes: the same checks wherever a study runs, and the runtime limits in one place. */
class StudyAssemblyTest {

    private static final List<String> SITES = List.of("site-1", "site-2", "site-3");

    @Test
    void aLayerNoiseListOfTheWrongLengthIsRefusedInEveryRuntime() {
        StudySpecBuilder b = new StudySpecBuilder();
        b.dpClip = 1.0;
        b.dpLayerNoise = List.of(2.0, 4.0, 8.0);
        b.baselines = false;
        StudySpec spec = b.build();
        ModelWeights twoTensors = ModelWeights.zeros(List.of(new TensorSpec("w", new int[] {4, 2}), new TensorSpec("b", new int[] {2})));
        for (StudyRuntime runtime : StudyRuntime.values()) {
            List<String> phases = new ArrayList<>();
            StudyAssembly a = StudyAssembly.assemble(spec, runtime, spec.training(), SITES, phases::add);
            assertNotNull(a.clientDp(), runtime.name());
            assertTrue(phases.get(0).startsWith("client-level DP: clip norm 1.000"), phases.toString());
            ModelSpec model = a.model(new int[] {4}, 2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.checkModel(model, twoTensors));
            assertTrue(e.getMessage().startsWith("dp_layer_noise (--dp-layer-noise) gives 3 noise multipliers but model"),
                    e.getMessage());
        }
    }

    @Test
    void validationWeightingIsRefusedInADeploymentOnly() {
        StudySpecBuilder b = new StudySpecBuilder();
        b.weighting = "validation";
        b.baselines = false;
        StudySpec spec = b.build();
        StudyRuntime.SIMULATION.checkSupported(spec);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StudyAssembly.assemble(spec, StudyRuntime.DEPLOYMENT, spec.training(), SITES, s -> { }));
        assertEquals("weighting 'validation' is not supported by the deployment yet; use samples or quality", e.getMessage());
    }

    @Test
    void siteFilesAreForSimulationsOnly() {
        StudySpecBuilder b = new StudySpecBuilder();
        b.data = Map.of("label", "diagnosis", "classes", List.of("absent", "present"));
        b.siteFiles.put("site-1", Path.of("a.csv"));
        StudySpec spec = b.build();
        StudyRuntime.SIMULATION.checkSupported(spec);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StudyRuntime.DEPLOYMENT.checkSupported(spec));
        assertTrue(e.getMessage().startsWith("site_files are for simulations"), e.getMessage());
    }

    @Test
    void theDemoSplitNamesEveryKeyThatDiffers() {
        DataSplit study = new DataSplit("wdbc", "iid", 3, 42, 0.2, 0.2);
        assertEquals(null, study.mismatch("site-1", study));
        assertEquals("site site-2 splits the demo data differently from the study: sites is 4 at the node but 3 in the study;"
                + " site_test_fraction is 0.3 at the node but 0.2 in the study; restart the node with --sites 3"
                + " --site-test-fraction 0.2", study.mismatch("site-2", new DataSplit("wdbc", "iid", 4, 42, 0.2, 0.3)));
    }
}
