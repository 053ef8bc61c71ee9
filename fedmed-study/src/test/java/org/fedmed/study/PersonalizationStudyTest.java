package org.fedmed.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedmed.study.keys.KeySource;
import org.fedmed.study.keys.StudyKeys;
import org.junit.jupiter.api.Test;

/** finetune_epochs: each site's personal model, in a simulation or a deployment; a negative count is refused. */
class PersonalizationStudyTest {

    private static StudySpecBuilder withFinetune(String epochs) {
        StudySpecBuilder b = new StudySpecBuilder();
        b.baselines = false;
        StudyKeys.apply(b, "finetune_epochs", epochs, KeySource.commandLine());
        return b;
    }

    @Test
    void offByDefaultAcceptedInADeploymentAndRefusedBelowZero() {
        assertEquals(0, new StudySpecBuilder().build().finetuneEpochs());
        StudySpec spec = withFinetune("5").build();
        assertEquals(5, spec.finetuneEpochs());
        assertTrue(StudyKeys.fingerprint(spec).contains("finetune_epochs=5"), StudyKeys.fingerprint(spec));
        // the nodes fine-tune after the last round (PersonalModelDeploymentTest)
        StudyAssembly.assemble(spec, StudyRuntime.DEPLOYMENT, spec.training(), List.of("a", "b"), s -> { });
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> withFinetune("-1"));
        assertTrue(negative.getMessage().contains("--finetune-epochs must be 0 or positive, got -1"), negative.getMessage());
    }
}
