package org.fedmed.study.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A saved model reads back as written, privately; a changed, foreign or misshapen one is refused with the file named. */
class SavedModelTest {

    @TempDir
    Path dir;

    private static final List<TensorSpec> LAYOUT = List.of(new TensorSpec("01Linear_weight", new int[] {2, 3}),
            new TensorSpec("01Linear_bias", new int[] {2}));

    private static SavedModel model() {
        ModelSpec spec = new ModelSpec(ModelArchitecture.LOGISTIC_REGRESSION, new int[] {3}, 2, List.of(), 0.0);
        return new SavedModel(spec, List.of("benign", "malignant"), "wdbc", List.of("a", "b", "c"), "standardized",
                ModelWeights.of(LAYOUT, new float[] {1, -2, 3.5f, 0.25f, -0.125f, 7, 8, 9}));
    }

    @Test
    void roundTripsOwnerOnly() throws Exception {
        Path m = dir.resolve("model");
        model().write(m);
        SavedModel back = SavedModel.read(m);
        assertEquals(model().spec(), back.spec());
        assertEquals(List.of("benign", "malignant"), back.classes());
        assertEquals(List.of("a", "b", "c"), back.featureNames());
        assertEquals("standardized", back.preprocessing());
        assertArrayEquals(model().weights().values(), back.weights().values());
        for (String f : List.of(SavedModel.JSON, SavedModel.WEIGHTS)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(m.resolve(f))), f);
        }
        // the start of a study with the same layout is the saved values
        ModelWeights fresh = ModelWeights.zeros(LAYOUT);
        assertArrayEquals(model().weights().values(), back.startFor(fresh, m).values());
    }

    @Test
    void alteredMissingOrMisshapenModelsAreRefused() throws Exception {
        Path m = dir.resolve("model");
        model().write(m);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> SavedModel.read(m).startFor(
                ModelWeights.zeros(List.of(new TensorSpec("01Linear_weight", new int[] {3, 3}), new TensorSpec("01Linear_bias",
                        new int[] {3}))), m));
        assertTrue(shape.getMessage().contains("tensor 1 is 01Linear_weight[2, 3] but this study's model needs 01Linear_weight[3, 3]"),
                shape.getMessage());
        byte[] w = Files.readAllBytes(m.resolve(SavedModel.WEIGHTS));
        w[5] ^= 1;
        Files.write(m.resolve(SavedModel.WEIGHTS), w);
        IllegalArgumentException altered = assertThrows(IllegalArgumentException.class, () -> SavedModel.read(m));
        assertTrue(altered.getMessage().contains("weights.bin: its SHA-256 differs"), altered.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> SavedModel.read(dir.resolve("none")));
        assertTrue(missing.getMessage().contains("expected a folder with model.json and weights.bin"), missing.getMessage());
    }

    /** The same layers numbered differently (one dropout layer more or less): the message says which dropout to give. */
    @Test
    void aModelWithAnotherDropoutIsRefusedWithTheDropoutToGive() {
        ModelSpec spec = new ModelSpec(ModelArchitecture.MLP, new int[] {3}, 2, List.of(2), 0.25);
        SavedModel saved = new SavedModel(spec, List.of("benign", "malignant"), "wdbc", List.of("a", "b", "c"), "standardized",
                ModelWeights.of(List.of(new TensorSpec("03Linear_weight", new int[] {2, 3})), new float[6]));
        ModelWeights withoutDropout = ModelWeights.of(List.of(new TensorSpec("02Linear_weight", new int[] {2, 3})), new float[6]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> saved.startFor(withoutDropout, dir));
        assertTrue(e.getMessage().contains("the saved model has dropout 0.25; give dropout 0.25"), e.getMessage());
        ModelWeights other = ModelWeights.of(List.of(new TensorSpec("02Conv_weight", new int[] {2, 3})), new float[6]);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> saved.startFor(other, dir)).getMessage()
                .contains("same architecture"), "another layer is not a dropout difference");
    }
}
