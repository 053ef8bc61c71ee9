package org.fedmed.net.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.fedmed.core.round.LocalSite;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.study.DataSplit;
import org.fedmed.study.StudyAssembly;
import org.fedmed.study.StudySpecBuilder;
import org.junit.jupiter.api.Test;

/** A coordinator cannot move a node started with its own split options onto other rows, nor onto another dataset. */
class DemoDataTest {

    private static final ModelSpec MODEL = ModelSpec.of(ModelArchitecture.LOGISTIC_REGRESSION, new int[] {30}, 2);
    private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @Test
    void aWelcomeWithAnotherSplitOrDatasetIsRefusedNamingTheKeys() {
        DataSplit own = new DataSplit("wdbc", "iid", 3, 7, 0.2, 0.2);
        try (DemoData data = new DemoData("site-1", "wdbc", own, quiet)) {
            NodeDataException e = assertThrows(NodeDataException.class, () -> data.welcomed(MODEL,
                    new DemoAssignment(new DataSplit("wdbc", "iid", 3, 8, 0.2, 0.2), "site-1")));
            assertTrue(e.getMessage().contains("seed is 7 at the node but 8 in the study"), e.getMessage());
        }
        try (DemoData data = new DemoData("site-1", "wdbc", null, quiet)) {
            NodeDataException e = assertThrows(NodeDataException.class, () -> data.welcomed(MODEL,
                    new DemoAssignment(new DataSplit("heart", "natural", 0, 7, 0.2, 0.2), "cleveland")));
            assertTrue(e.getMessage().contains("the study trains on heart but this node serves wdbc"), e.getMessage());
            NodeDataException none = assertThrows(NodeDataException.class, () -> data.welcomed(MODEL, null));
            assertTrue(none.getMessage().contains("did not send the study's split"), none.getMessage());
        }
    }

    @Test
    void aRocketModelIsDrawnFromTheStudysSeedWithinBounds() {
        DataSplit split = new DataSplit("ecg200", "iid", 3, 7, 0.2, 0.2);
        try (DemoData data = new DemoData("site-1", "ecg200", null, quiet)) {
            // the kernels follow the model's input (two features per kernel); too many are refused, not drawn
            ModelSpec huge = ModelSpec.of(ModelArchitecture.ROCKET, new int[] {400_000}, 2);
            NodeDataException e = assertThrows(NodeDataException.class,
                    () -> data.welcomed(huge, new DemoAssignment(split, "site-1")));
            assertTrue(e.getMessage().contains("rocket_kernels must be between 1 and 100000, got 200000"), e.getMessage());
            LocalSite site = (LocalSite) data.welcomed(ModelSpec.of(ModelArchitecture.ROCKET, new int[] {40}, 2),
                    new DemoAssignment(split, "site-1"));
            assertArrayEquals(new int[] {40}, site.train().featureShape(), "the node trains on its series' 40 ROCKET features");
            StudySpecBuilder b = new StudySpecBuilder();
            b.dataset = "ecg200";
            b.sites = 3;
            b.seed = 7L;
            b.model = "rocket";
            b.rocketKernels = 20;
            assertArrayEquals(StudyAssembly.bundledData(b.build()).sites().get(0).train().features(), site.train().features(),
                    "the coordinator's kernels and standardization");
        }
        try (DemoData data = new DemoData("site-1", "wdbc", null, quiet)) {
            NodeDataException e = assertThrows(NodeDataException.class, () -> data.welcomed(
                    ModelSpec.of(ModelArchitecture.ROCKET, new int[] {40}, 2),
                    new DemoAssignment(new DataSplit("wdbc", "iid", 3, 7, 0.2, 0.2), "site-1")));
            assertTrue(e.getMessage().contains("transforms one-channel series"), e.getMessage());
        }
    }
}
