package org.fedmed.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.core.training.TrainingConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Cox model: its batch loss against a direct computation, and that its gradient steps lower it. */
class CoxTrainingTest {

    private static final int D = 3;
    private static final List<String> CLASSES = List.of("censored", "event");
    private static DjlTrainer trainer;

    @BeforeAll
    static void build() {
        trainer = DjlTrainer.builder().model(ModelSpec.of(ModelArchitecture.COX, new int[] {D}, 2)).intraOpThreads(1).build();
    }

    @AfterAll
    static void close() {
        trainer.close();
    }

    /** 7 patients with a tie in time (two events at 5) and censored ones between. */
    private static LabeledSamples patients() {
        Random r = new Random(3);
        float[] x = new float[7 * D];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return new LabeledSamples(new int[] {D}, x, new int[] {1, 0, 1, 1, 0, 1, 0}, CLASSES, new float[] {2, 3, 5, 5, 6, 8, 9});
    }

    /** Σᵢ Eᵢ (log Σ_{Tⱼ ≥ Tᵢ} exp sⱼ − sᵢ) / n with s = w·x + b, written out. */
    private static double directLoss(ModelWeights w, LabeledSamples data) {
        double[] s = scores(w, data);
        float[] t = data.times();
        double sum = 0;
        for (int i = 0; i < s.length; i++) {
            if (data.labels()[i] == 1) {
                double risk = 0;
                for (int j = 0; j < s.length; j++) {
                    risk += t[j] >= t[i] ? Math.exp(s[j]) : 0;
                }
                sum += Math.log(risk) - s[i];
            }
        }
        return sum / s.length;
    }

    private static double[] scores(ModelWeights w, LabeledSamples data) {
        float[] weight = w.tensor(w.specs().get(0).name());
        float bias = w.tensor(w.specs().get(1).name())[0];
        double[] s = new double[data.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = bias;
            for (int k = 0; k < D; k++) {
                s[i] += weight[k] * data.features()[i * D + k];
            }
        }
        return s;
    }

    private static TrainingConfig oneStep(double lr) {
        return new TrainingConfig(1, 7, lr, OptimizerKind.SGD, 0, 0, 0, false, 11).withLocalSteps(1);
    }

    @Test
    void theBatchLossIsCoxsPartialLikelihoodWithBreslowTies() {
        LabeledSamples data = patients();
        ModelWeights start = trainer.initialWeights(5);
        // one batch of all 7: the outcome's loss is the loss at the start weights, taken before the step
        double loss = trainer.fit(start, data, oneStep(0.01)).meanLoss();
        double direct = directLoss(start, data);
        assertTrue(direct > 0.1, "a loss worth comparing: " + direct);
        assertEquals(direct, loss, 1e-5);
        double[] risk = trainer.riskScores(start, data);
        double[] expected = scores(start, data);
        for (int i = 0; i < risk.length; i++) {
            assertEquals(expected[i], risk[i], 1e-5);
        }
    }

    @Test
    void gradientStepsLowerTheLoss() {
        LabeledSamples data = patients();
        ModelWeights w = trainer.initialWeights(5);
        double before = directLoss(w, data);
        double previous = before;
        for (int step = 0; step < 5; step++) {
            w = trainer.fit(w, data, oneStep(0.1)).weights();
            double now = directLoss(w, data);
            assertTrue(now < previous, "step " + step + ": " + previous + " -> " + now);
            previous = now;
        }
        assertTrue(previous < before - 0.01, before + " -> " + previous);
    }

    @Test
    void classLabelsAloneAndClassProbabilitiesAreRefused() {
        LabeledSamples plain = new LabeledSamples(new int[] {D}, new float[D], new int[] {1}, CLASSES);
        String m = assertThrows(IllegalArgumentException.class,
                () -> trainer.fit(trainer.initialWeights(1), plain, oneStep(0.1))).getMessage();
        assertTrue(m.contains("survival examples"), m);
        assertThrows(UnsupportedOperationException.class, () -> trainer.predict(trainer.initialWeights(1), patients()));
    }
}
