package org.fedmed.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.DistillConfig;
import org.fedmed.core.training.EnsembleTargets;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.Predictions;
import org.fedmed.core.training.TrainingOutcome;
import org.junit.jupiter.api.Test;

/** {@link DjlTrainer#distill}: a student learns a teacher's outputs on inputs without labels. */
class DistillationTest {

    private static final ModelSpec LOGREG = ModelSpec.of(ModelArchitecture.LOGISTIC_REGRESSION, new int[] {6}, 2);

    @Test
    void aStudentFromScratchLearnsAnotherArchitecturesTeacher() {
        LabeledSamples labeled = Fixtures.separable(300, 6, 11);
        LabeledSamples proxy = unlabeled(labeled);
        ModelSpec mlp = ModelSpec.of(ModelArchitecture.MLP, new int[] {6}, 2);
        try (DjlTrainer teacher = DjlTrainer.builder().model(mlp).build();
             DjlTrainer student = DjlTrainer.builder().model(LOGREG).build()) {
            ModelWeights taught = teacher.fit(teacher.initialWeights(1), labeled, Fixtures.adam(30, 32, 1e-2, 1)).weights();
            Predictions t = teacher.predict(taught, proxy);
            ModelWeights fresh = student.initialWeights(2);
            double before = agreement(t, student.predict(fresh, proxy));
            float[] targets = EnsembleTargets.soften(List.of(t), 2.0);
            TrainingOutcome o = student.distill(fresh, proxy, targets, new DistillConfig(300, 32, 1e-2, 2.0, 3));
            assertEquals(300, o.steps());
            double after = agreement(t, student.predict(o.weights(), proxy));
            assertTrue(after >= 0.95, "the student agrees with the teacher on " + after + " of the inputs (before: " + before + ")");
            assertTrue(Fixtures.accuracy(student.predict(o.weights(), labeled), labeled) >= 0.9,
                    "the student learned the labels it never saw through the teacher");
        }
    }

    @Test
    void distillingAModelIntoItsOwnOutputsBarelyMovesIt() {
        LabeledSamples labeled = Fixtures.separable(200, 6, 12);
        LabeledSamples proxy = unlabeled(labeled);
        try (DjlTrainer t = DjlTrainer.builder().model(LOGREG).build()) {
            ModelWeights w = t.fit(t.initialWeights(4), labeled, Fixtures.adam(5, 32, 1e-2, 4)).weights();
            float[] own = EnsembleTargets.soften(List.of(t.predict(w, proxy)), 1.0);
            ModelWeights again = t.distill(w, proxy, own, new DistillConfig(50, 32, 1e-3, 1.0, 5)).weights();
            // its own outputs are the loss's minimum: the gradient at the start is zero, so steps stay tiny
            ModelWeights away = t.distill(w, proxy, flipped(own), new DistillConfig(50, 32, 1e-3, 1.0, 5)).weights();
            double still = distance(w, again);
            double moved = distance(w, away);
            assertTrue(still < 0.1 * moved, "self-distillation moved the weights " + still + ", flipped targets " + moved);
            Predictions p0 = t.predict(w, proxy);
            Predictions p1 = t.predict(again, proxy);
            assertTrue(agreement(p0, p1) >= 0.99);
        }
    }

    @Test
    void refusesTargetsThatDoNotFitTheInputs() {
        LabeledSamples proxy = unlabeled(Fixtures.separable(20, 6, 13));
        try (DjlTrainer t = DjlTrainer.builder().model(LOGREG).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> t.distill(t.initialWeights(1), proxy, new float[7], new DistillConfig(1, 8, 1e-3, 1.0, 1)));
            assertTrue(e.getMessage().contains("40"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new DistillConfig(10, 8, 1e-3, 0.0, 1));
    }

    /** The examples with every label 0: what a coordinator sees of proxy data. */
    static LabeledSamples unlabeled(LabeledSamples s) {
        return new LabeledSamples(s.featureShape(), s.features(), new int[s.size()], s.classNames());
    }

    private static double agreement(Predictions a, Predictions b) {
        int same = 0;
        for (int i = 0; i < a.size(); i++) {
            if (a.predictedClass(i) == b.predictedClass(i)) {
                same++;
            }
        }
        return same / (double) a.size();
    }

    private static float[] flipped(float[] rows) {
        float[] out = new float[rows.length];
        for (int i = 0; i < rows.length; i += 2) {
            out[i] = rows[i + 1];
            out[i + 1] = rows[i];
        }
        return out;
    }

    private static double distance(ModelWeights a, ModelWeights b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            double d = a.values()[i] - b.values()[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }
}
