package org.fedmed.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedmed.study.keys.KeySource;
import org.fedmed.study.keys.StudyKeys;
import org.junit.jupiter.api.Test;

/** ditto_lambda: a simulation's Ditto personal models; refused where it cannot be honoured, in one line naming the key. */
class DittoStudyTest {

    private static StudySpecBuilder withDitto(Object lambda) {
        StudySpecBuilder b = new StudySpecBuilder();
        b.baselines = false;
        StudyKeys.apply(b, "ditto_lambda", lambda, KeySource.commandLine());
        return b;
    }

    @Test
    void offByDefaultAndPartOfTheStudyWhenSet() {
        assertNull(new StudySpecBuilder().build().dittoLambda());
        StudySpec spec = withDitto("0.5").build();
        assertEquals(0.5, spec.dittoLambda());
        assertTrue(StudyKeys.fingerprint(spec).contains("ditto_lambda=0.5"), StudyKeys.fingerprint(spec));
        // λ = 0 is allowed: each personal model then trains on its site's data alone, in the rounds the site takes part in
        assertEquals(0.0, withDitto("0").build().dittoLambda());
    }

    @Test
    void aNegativeOrNonFiniteLambdaIsRefused() {
        for (String bad : List.of("-0.1", "NaN", "Infinity")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> withDitto(bad).build(), bad);
            assertTrue(e.getMessage().contains("--ditto-lambda"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
        // the record refuses it too, whoever builds it
        StudySpecBuilder b = new StudySpecBuilder();
        b.dittoLambda = -1.0;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().startsWith("ditto_lambda must be a finite number, 0 or positive, got -1.0"), e.getMessage());
    }

    @Test
    void oneStudyHasOnePersonalizationMethod() {
        StudySpecBuilder both = withDitto("0.1");
        StudyKeys.apply(both, "finetune_epochs", "5", KeySource.commandLine());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, both::build);
        assertTrue(e.getMessage().contains("choose one personalization method"), e.getMessage());
        StudySpecBuilder kept = withDitto("0.1");
        StudyKeys.apply(kept, "local_layers", "head", KeySource.commandLine());
        e = assertThrows(IllegalArgumentException.class, kept::build);
        assertTrue(e.getMessage().startsWith("ditto_lambda cannot be combined with local_layers (head)"), e.getMessage());
    }

    @Test
    void aDeploymentRefusesDittoBeforeAnythingTrains() {
        StudySpec spec = withDitto("1").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StudyAssembly.assemble(spec, StudyRuntime.DEPLOYMENT, spec.training(), List.of("a", "b"), s -> { }));
        assertTrue(e.getMessage().startsWith("ditto_lambda is simulation only for now"), e.getMessage());
        StudyAssembly.assemble(spec, StudyRuntime.SIMULATION, spec.training(), List.of("a", "b"), s -> { });
    }
}
