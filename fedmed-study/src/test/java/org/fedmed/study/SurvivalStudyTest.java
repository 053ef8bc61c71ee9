package org.fedmed.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.learn.DjlTrainer;
import org.junit.jupiter.api.Test;

/** tcga-brca's defaults follow FLamby's protocol, a Cox model starts from β = 0, and classifier settings are refused. */
class SurvivalStudyTest {

    private static StudySpecBuilder tcga() {
        StudySpecBuilder b = new StudySpecBuilder();
        b.dataset = "tcga-brca";
        return b;
    }

    @Test
    void defaultsAreFlambysProtocol() {
        StudySpec spec = tcga().build();
        assertEquals(ModelArchitecture.COX, spec.architecture());
        assertEquals("natural", spec.partition());
        assertEquals(0, spec.sites());
        assertEquals(5, spec.rounds());
        assertEquals(8, spec.training().batchSize());
        assertEquals(100, spec.training().localSteps());
        assertEquals(OptimizerKind.SGD, spec.training().optimizer());
        StudySpecBuilder epochs = tcga();
        epochs.localEpochs = 2;
        assertEquals(0, epochs.build().training().localSteps(), "asking for epochs drops the step count");
        assertEquals(0, new StudySpecBuilder().build().training().localSteps(), "other datasets train by epochs");
    }

    @Test
    void aCoxModelStartsFromZeroAndAClassifierFromTheTrainersStart() {
        StudySpec spec = tcga().build();
        StudyAssembly a = StudyAssembly.assemble(spec, StudyRuntime.SIMULATION, spec.training(), List.of("a", "b"), s -> { });
        ModelSpec model = a.model(new int[] {39}, 2);
        try (DjlTrainer trainer = DjlTrainer.builder().model(model).build()) {
            assertTrue(nonZero(trainer.initialWeights(spec.seed())) > 0, "the trainer's own start is random");
            assertEquals(0, nonZero(a.initialWeights(trainer)));
        }
    }

    @Test
    void classifierSettingsAreRefusedAtBuildTime() {
        StudySpecBuilder balance = tcga();
        balance.balanceClasses = true;
        assertTrue(assertThrows(IllegalArgumentException.class, balance::build).getMessage().contains("--balance-classes"));
        StudySpecBuilder mlp = tcga();
        mlp.model = "mlp";
        assertTrue(assertThrows(IllegalArgumentException.class, mlp::build).getMessage().contains("needs --model cox"));
        StudySpecBuilder flip = tcga();
        flip.attack = "label_flip";
        assertTrue(assertThrows(IllegalArgumentException.class, flip::build).getMessage().contains("label_flip"));
    }

    @Test
    void aDeploymentRefusesSurvivalData() {
        StudySpec spec = tcga().build();
        StudyRuntime.SIMULATION.checkSupported(spec);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StudyRuntime.DEPLOYMENT.checkSupported(spec));
        assertTrue(e.getMessage().contains("fedmed simulate only"), e.getMessage());
    }

    private static int nonZero(ModelWeights w) {
        int n = 0;
        for (float v : w.values()) {
            n += v != 0 ? 1 : 0;
        }
        return n;
    }
}
