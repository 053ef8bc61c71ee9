package org.fedmed.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedmed.study.keys.KeySource;
import org.fedmed.study.keys.StudyKeys;
import org.junit.jupiter.api.Test;

/** finetune_epochs: a simulation's personal models; refused where it cannot be honoured. */
class PersonalizationStudyTest {

    private static StudySpecBuilder withFinetune(String epochs) {
        StudySpecBuilder b = new StudySpecBuilder();
        b.baselines = false;
        StudyKeys.apply(b, "finetune_epochs", epochs, KeySource.commandLine());
        return b;
    }

    @Test
    void offByDefaultAndRefusedInADeploymentOrBelowZero() {
        assertEquals(0, new StudySpecBuilder().build().finetuneEpochs());
        StudySpec spec = withFinetune("5").build();
        assertEquals(5, spec.finetuneEpochs());
        assertTrue(StudyKeys.fingerprint(spec).contains("finetune_epochs=5"), StudyKeys.fingerprint(spec));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StudyAssembly.assemble(spec, StudyRuntime.DEPLOYMENT, spec.training(), List.of("a", "b"), s -> { }));
        assertTrue(e.getMessage().startsWith("finetune_epochs is simulation only"), e.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> withFinetune("-1"));
        assertTrue(negative.getMessage().contains("--finetune-epochs must be 0 or positive, got -1"), negative.getMessage());
    }
}
