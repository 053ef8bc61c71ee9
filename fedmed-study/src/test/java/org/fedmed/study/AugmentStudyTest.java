package org.fedmed.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.fedmed.core.training.Augmentation;
import org.fedmed.study.keys.KeySource;
import org.fedmed.study.keys.StudyKeys;
import org.junit.jupiter.api.Test;

/** The augment key: none unless asked for, part of what defines the study, checked against the model, sent to a deployment's nodes. */
class AugmentStudyTest {

    private static StudySpec build(Map<String, Object> keys) {
        StudySpecBuilder b = new StudySpecBuilder();
        StudyKeys.apply(b, keys, KeySource.commandLine());
        return b.build();
    }

    @Test
    void noneUnlessAskedForAndThenPartOfTheFingerprint() {
        StudySpec plain = build(Map.of("dataset", "breastmnist"));
        assertSame(Augmentation.NONE, plain.training().augment());
        assertFalse(StudyKeys.fingerprint(plain).contains("augment"));
        StudySpec augmented = build(Map.of("dataset", "breastmnist", "augment", "shift:2,flip"));
        assertEquals(new Augmentation(true, 2, 0, 0), augmented.training().augment());
        assertEquals("flip,shift:2", StudyKeys.terms(augmented).get("augment"));
        assertTrue(StudyKeys.fingerprint(augmented).contains("augment=flip,shift:2"), StudyKeys.fingerprint(augmented));
        assertSame(Augmentation.NONE, build(Map.of("dataset", "breastmnist", "augment", "none")).training().augment());
    }

    @Test
    void aBadValueIsNamedWithItsOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> build(Map.of("dataset", "breastmnist", "augment", "flip,mirror")));
        assertTrue(e.getMessage().startsWith("option --augment unknown augmentation 'mirror'"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void onlyImageModelsWithoutDpSgdAugment() {
        IllegalArgumentException tabular = assertThrows(IllegalArgumentException.class,
                () -> build(Map.of("dataset", "wdbc", "model", "mlp", "augment", "flip")));
        assertEquals("augment flip transforms images: it needs an image model (cnn or resnet), not mlp", tabular.getMessage());
        IllegalArgumentException dp = assertThrows(IllegalArgumentException.class, () -> build(Map.of("dataset", "breastmnist",
                "model", "cnn", "augment", "flip", "dp_level", "sample", "dp_clip", "1", "dp_noise", "1")));
        assertEquals("augment flip cannot be combined with sample-level DP (DP-SGD) yet; remove augment or the DP settings",
                dp.getMessage());
    }

    @Test
    void aDeploymentRunsItAtTheNodes() {
        StudySpecBuilder b = new StudySpecBuilder();
        StudyKeys.apply(b, Map.of("dataset", "breastmnist", "augment", "flip", "baselines", false),
                KeySource.federation("federation.yaml", Path.of(".")));
        StudySpec spec = b.build();
        StudyRuntime.DEPLOYMENT.checkSupported(spec); // the fit task carries it (AugmentDeploymentTest)
        StudyRuntime.SIMULATION.checkSupported(spec);
    }
}
