package org.fedmed.net.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restarted node's SCAFFOLD c_i: the right one for the round it is asked to run, or zero with a reason. */
class ControlStoreTest {

    private static final String STUDY = "3f2a1b2c3d4e5f60" + "0".repeat(48);
    private static final ModelWeights LAYOUT = ModelWeights.zeros(List.of(new TensorSpec("w", new int[] {2, 2}),
            new TensorSpec("b", new int[] {2})));

    private static ModelWeights values(float v) {
        float[] x = new float[LAYOUT.size()];
        java.util.Arrays.fill(x, v);
        return LAYOUT.withValues(x);
    }

    @Test
    void theNextRoundGetsTheSavedValueAndARoundRunAgainGetsItsStart(@TempDir Path kit) throws Exception {
        ControlStore store = new ControlStore(kit);
        assertTrue(store.restore(STUDY, 1, LAYOUT).isEmpty(), "no file: nothing to restore");
        store.save(STUDY, 3, values(1), values(2));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file(STUDY))));
        assertArrayEquals(values(2).values(), store.restore(STUDY, 4, LAYOUT).orElseThrow().control().values());
        assertArrayEquals(values(1).values(), store.restore(STUDY, 3, LAYOUT).orElseThrow().control().values(),
                "a round the coordinator runs again starts from the c_i it started from the first time");
        ControlStore.Restored earlier = store.restore(STUDY, 2, LAYOUT).orElseThrow();
        assertNull(earlier.control());
        assertTrue(earlier.note().contains("later than round 2; starting from zero"), earlier.note());

        store.save(STUDY, 1, null, values(5));
        assertNull(store.restore(STUDY, 1, LAYOUT).orElseThrow().control(), "round 1 started from zero");
        assertTrue(store.restore("ffff" + STUDY.substring(4), 2, LAYOUT).isEmpty(), "another study has its own file");
    }

    @Test
    void aFileForAnotherModelOrCutShortIsNotUsed(@TempDir Path kit) throws Exception {
        ControlStore store = new ControlStore(kit);
        store.save(STUDY, 2, values(1), values(2));
        ModelWeights bigger = ModelWeights.zeros(List.of(new TensorSpec("w", new int[] {3, 3})));
        ControlStore.Restored other = store.restore(STUDY, 3, bigger).orElseThrow();
        assertNull(other.control());
        assertTrue(other.note().contains("saved for a model of 6 values, this one has 9"), other.note());

        byte[] bytes = Files.readAllBytes(store.file(STUDY));
        Files.write(store.file(STUDY), java.util.Arrays.copyOf(bytes, bytes.length - 5));
        ControlStore.Restored cut = store.restore(STUDY, 3, LAYOUT).orElseThrow();
        assertNull(cut.control());
        assertTrue(cut.note().contains("cannot be read") && cut.note().contains("starting from zero"), cut.note());
    }
}
