package org.fedmed.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.fedmed.study.keys.KeySource;
import org.fedmed.study.keys.StudyKeys;
import org.junit.jupiter.api.Test;

/** The attack keys: parsed, defaulted, and refused when unknown, malformed or asked of a deployment. */
class AttackSpecTest {

    private static StudySpec build(Map<String, Object> keys) {
        StudySpecBuilder b = new StudySpecBuilder();
        StudyKeys.apply(b, keys, KeySource.commandLine());
        return b.build();
    }

    @Test
    void anAttackTakesTwentyPercentOfTheSitesUnlessToldOtherwise() {
        AttackSpec a = build(Map.of("attack", "sign_flip:10")).attack();
        assertEquals("sign_flip", a.name());
        assertEquals(10.0, a.parameter());
        assertEquals(0.2, a.malicious());
        assertEquals("sign_flip:10", a.text());
        AttackSpec b = build(Map.of("attack", "alie", "malicious", 0.3)).attack();
        assertTrue(Double.isNaN(b.parameter()), "alie's z is left to its formula");
        assertEquals(0.3, b.malicious());
        assertNull(build(Map.of()).attack());
        assertNull(build(Map.of("attack", "none")).attack());
    }

    @Test
    void anUnknownAttackIsRefusedNamingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> build(Map.of("attack", "sign_flop:10")));
        assertEquals("option --attack unknown attack 'sign_flop'; known: label_flip, sign_flip, scale, gaussian, free_rider, alie,"
                + " ipm, min_max, min_sum, backdoor, random_labels", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> build(Map.of("attack", "gaussian:lots")));
        assertEquals("option --attack the parameter of attack gaussian must be a number, got 'lots'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> build(Map.of("attack", "label_flip:2")));
        assertEquals("option --attack label_flip takes no parameter, got 2.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> build(Map.of("attack", "sign_flip:-3")));
        assertEquals("option --attack sign_flip's parameter must be a positive number, got -3.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> build(Map.of("attack", "ipm", "malicious", 1.0)));
        assertEquals("option --malicious must be in (0, 1), got 1", e.getMessage());
    }

    @Test
    void maliciousWithoutAnAttackIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> build(Map.of("malicious", 0.3)));
        assertTrue(e.getMessage().startsWith("malicious (the share of attacking sites) given without an attack"), e.getMessage());
    }

    @Test
    void aDeploymentRefusesAttacksBeforeAnythingTrains() {
        StudySpecBuilder b = new StudySpecBuilder();
        StudyKeys.apply(b, Map.of("attack", "backdoor", "baselines", false), KeySource.federation("federation.yaml", Path.of(".")));
        StudySpec spec = b.build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StudyRuntime.DEPLOYMENT.checkSupported(spec));
        assertEquals("attack backdoor is simulation only: a deployment's hospitals train honestly; remove attack and malicious"
                + " from the study", e.getMessage());
        StudyRuntime.SIMULATION.checkSupported(spec);
    }

    @Test
    void theStudyFingerprintTellsAttackedStudiesApart() {
        String clean = StudyKeys.fingerprint(build(Map.of()));
        String attacked = StudyKeys.fingerprint(build(Map.of("attack", "sign_flip:10")));
        assertTrue(attacked.contains("attack=sign_flip:10") && attacked.contains("malicious=0.2"), attacked);
        assertTrue(!clean.contains("attack="), clean);
    }
}
