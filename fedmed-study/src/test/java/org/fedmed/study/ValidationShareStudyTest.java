package org.fedmed.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.fedmed.study.keys.KeySource;
import org.fedmed.study.keys.StudyKeys;
import org.junit.jupiter.api.Test;

/** The validation_share key: 0.15 unless set, part of the fingerprint when set, only where validation data are held out. */
class ValidationShareStudyTest {

    private static StudySpec build(Map<String, Object> keys) {
        StudySpecBuilder b = new StudySpecBuilder();
        StudyKeys.apply(b, keys, KeySource.commandLine());
        return b.build();
    }

    @Test
    void theDefaultShareUnlessSetAndThenInTheFingerprint() {
        StudySpec plain = build(Map.of("target_sensitivity", "0.8"));
        assertNull(plain.validationShare());
        assertEquals(StudySpec.DEFAULT_VALIDATION_SHARE, plain.heldOutShare());
        assertFalse(StudyKeys.fingerprint(plain).contains("validation_share"));
        StudySpec set = build(Map.of("target_sensitivity", "0.8", "validation_share", "0.3"));
        assertEquals(0.3, set.heldOutShare());
        assertTrue(StudyKeys.fingerprint(set).contains("validation_share=0.3"), StudyKeys.fingerprint(set));
        assertEquals(0.25, build(Map.of("weighting", "validation", "validation_share", "0.25")).heldOutShare());
    }

    @Test
    void aShareOutsideTheOpenIntervalOrWithNothingHeldOutIsRefused() {
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> build(Map.of("target_sensitivity", "0.8", "validation_share", "1")));
        assertTrue(range.getMessage().startsWith("option --validation-share"), range.getMessage());
        IllegalArgumentException unused = assertThrows(IllegalArgumentException.class, () -> build(Map.of("validation_share", "0.3")));
        assertEquals("validation_share sizes the validation data held out for target_sensitivity or weighting: validation; this"
                + " study holds out none: add one of them or remove validation_share", unused.getMessage());
    }
}
