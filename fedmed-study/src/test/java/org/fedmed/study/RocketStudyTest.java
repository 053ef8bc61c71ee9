package org.fedmed.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.data.FederatedData;
import org.fedmed.study.keys.KeySource;
import org.fedmed.study.keys.StudyKeys;
import org.junit.jupiter.api.Test;

/** The rocket model as a study: its kernels are part of what defines it, and it takes series only. */
class RocketStudyTest {

    private static StudySpec ecg(Map<String, ?> keys) {
        StudySpecBuilder b = new StudySpecBuilder();
        b.dataset = "ecg200";
        b.baselines = false;
        StudyKeys.apply(b, keys, KeySource.commandLine());
        return b.build();
    }

    @Test
    void theKernelCountDefinesTheStudyOfARocketModelOnly() {
        StudySpec rocket = ecg(Map.of("model", "rocket", "rocket_kernels", 300L));
        assertEquals(ModelArchitecture.ROCKET, rocket.architecture());
        Map<String, String> terms = StudyKeys.terms(rocket);
        assertEquals("300", terms.get("rocket_kernels"), terms.toString());
        assertEquals("10000", StudyKeys.terms(ecg(Map.of("model", "rocket"))).get("rocket_kernels"));
        assertFalse(StudyKeys.terms(ecg(Map.of())).containsKey("rocket_kernels"), "a cnn1d study's terms are unchanged");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ecg(Map.of("rocket_kernels", 300L)));
        assertEquals("option --rocket-kernels sets the rocket model's kernels, but the model is cnn1d; add --model rocket or"
                + " remove it", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ecg(Map.of("model", "rocket", "rocket_kernels", 200_000L)));
        assertTrue(e.getMessage().contains("rocket_kernels must be between 1 and 100000, got 200000"), e.getMessage());
    }

    @Test
    void rocketDefaultsToPlainSgdAtAStepOfOneOverTheKernels() {
        StudySpec rocket = ecg(Map.of("model", "rocket"));
        assertEquals(OptimizerKind.SGD, rocket.training().optimizer());
        assertEquals(1e-4, rocket.training().learningRate(), 1e-12);
        assertEquals(100, rocket.rounds());
        assertEquals(16, rocket.training().batchSize(), "the dataset's batch");
        StudySpecBuilder b = new StudySpecBuilder();
        b.dataset = "ecg5000";
        b.model = "rocket";
        assertFalse(b.build().training().balanceClasses(), "ECG5000's class weights would push SGD past its bound");
        assertTrue(DatasetDefaults.of("ecg5000").training().balanceClasses(), "the cnn1d still balances");
        assertEquals(1.0 / 300, ecg(Map.of("model", "rocket", "rocket_kernels", 300L)).training().learningRate(), 1e-12);
        StudySpec chosen = ecg(Map.of("model", "rocket", "lr", 0.001, "optimizer", "adam", "rounds", 7L));
        assertEquals(OptimizerKind.ADAM, chosen.training().optimizer());
        assertEquals(0.001, chosen.training().learningRate(), 1e-12);
        assertEquals(7, chosen.rounds());
        assertEquals(OptimizerKind.ADAM, ecg(Map.of()).training().optimizer(), "cnn1d keeps the dataset's defaults");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ecg(Map.of("model", "rocket", "dp_level", "sample", "dp_clip", 1.0, "dp_noise", 1.0)));
        assertTrue(e.getMessage().contains("the rocket model trains with the ridge classifier's squared error"), e.getMessage());
    }

    @Test
    void everyRuntimePreparesTheSameFeaturesFromTheSeed() {
        StudySpec spec = ecg(Map.of("model", "rocket", "rocket_kernels", 50L));
        FederatedData a = StudyAssembly.bundledData(spec);
        assertArrayEquals(new int[] {100}, a.featureShape());
        assertEquals(100, a.globalTest().size(), "the official test split");
        FederatedData b = StudyAssembly.bundledData(spec);
        assertArrayEquals(a.sites().get(2).train().features(), b.sites().get(2).train().features());
        FederatedData otherSeed = StudyAssembly.bundledData(ecg(Map.of("model", "rocket", "rocket_kernels", 50L, "seed", 7L)));
        assertFalse(Arrays.equals(a.globalTest().features(), otherSeed.globalTest().features()));
    }

    @Test
    void aTableOrOwnFilesAreRefused() {
        StudySpecBuilder b = new StudySpecBuilder();
        b.dataset = "wdbc";
        b.model = "rocket";
        b.baselines = false;
        StudySpec wdbc = b.build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StudyAssembly.bundledData(wdbc));
        assertTrue(e.getMessage().startsWith("the rocket model transforms one-channel series"), e.getMessage());
        assertTrue(e.getMessage().contains("wdbc has examples of shape [30]"), e.getMessage());
        StudySpecBuilder own = new StudySpecBuilder();
        own.data = Map.of("label", "diagnosis", "classes", List.of("absent", "present"));
        own.model = "rocket";
        e = assertThrows(IllegalArgumentException.class, own::build);
        assertTrue(e.getMessage().contains("a study on the hospitals' own files"), e.getMessage());
    }
}
