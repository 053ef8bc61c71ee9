package org.fedmed.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.fedmed.study.keys.KeySource;
import org.fedmed.study.keys.StudyKeys;
import org.junit.jupiter.api.Test;

/** The target_sensitivity key: off unless asked for, checked, and refused under DP and in a deployment. */
class TargetSensitivityStudyTest {

    private static StudySpec build(Map<String, Object> keys) {
        StudySpecBuilder b = new StudySpecBuilder();
        StudyKeys.apply(b, keys, KeySource.commandLine());
        return b.build();
    }

    @Test
    void noOperatingThresholdUnlessAskedFor() {
        assertNull(build(Map.of()).targetSensitivity());
        assertFalse(StudyKeys.fingerprint(build(Map.of())).contains("target_sensitivity"));
        StudySpec s = build(Map.of("target_sensitivity", "0.8"));
        assertEquals(0.8, s.targetSensitivity());
        assertTrue(StudyKeys.fingerprint(s).contains("target_sensitivity=0.8"), StudyKeys.fingerprint(s));
    }

    @Test
    void aTargetOutsideTheUnitIntervalIsRefusedNamingTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> build(Map.of("target_sensitivity", "1.5")));
        assertEquals("option --target-sensitivity a target sensitivity must be in (0, 1], got 1.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> build(Map.of("target_sensitivity", "0")));
    }

    @Test
    void sitesUnderADpBudgetReleaseNoThresholdCounts() {
        IllegalArgumentException client = assertThrows(IllegalArgumentException.class,
                () -> build(Map.of("target_sensitivity", "0.8", "dp_clip", "1", "dp_noise", "1")));
        assertEquals(StudySpec.THRESHOLD_UNDER_DP, client.getMessage());
        IllegalArgumentException sample = assertThrows(IllegalArgumentException.class,
                () -> build(Map.of("target_sensitivity", "0.8", "dp_level", "sample", "dp_clip", "1", "dp_epsilon", "3")));
        assertEquals(StudySpec.THRESHOLD_UNDER_DP, sample.getMessage());
    }

    @Test
    void aDeploymentRefusesItBeforeAnythingTrains() {
        StudySpecBuilder b = new StudySpecBuilder();
        StudyKeys.apply(b, Map.of("target_sensitivity", 0.8, "baselines", false), KeySource.federation("federation.yaml", Path.of(".")));
        StudySpec spec = b.build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StudyRuntime.DEPLOYMENT.checkSupported(spec));
        assertTrue(e.getMessage().startsWith("target_sensitivity is simulation only"), e.getMessage());
        StudyRuntime.SIMULATION.checkSupported(spec);
    }
}
